-- restated_figures: the figures of the latest version of each issued bulletin whose
-- current value differs from the issued one, without their cases. Not a warehouse table:
-- warehouse.reports.issued.rebuild_restatements materializes it as the temp table
-- `restated_figures`, finds the cases of those figures from it, and restatements.sql
-- reads it (one comparison of every issued figure per rebuild). Reads main.issued_reports
-- and what the caller prepares:
--   restatement_issued — the issued figures to compare: a view of main.issued_figures,
--                        every court's or those of the courts whose marts moved;
--   restatement_current(report_id, source, court_code, category, indicator, value,
--                       numerator, denominator) — the same figures computed now.
with latest as (
    select report_id, kind, period
    from main.issued_reports
    qualify row_number() over (partition by kind, period order by version desc) = 1
),

issued as (
    select f.*, l.kind, l.period
    from restatement_issued f
    join latest l using (report_id)
),

compared as (
    select
        i.report_id, i.kind, i.period, i.source, i.court_code, i.category, i.indicator,
        i.value                 as issued_value,
        c.value                 as current_value,
        c.value - i.value       as difference,
        i.numerator             as issued_numerator,
        c.numerator             as current_numerator,
        i.denominator           as issued_denominator,
        c.denominator           as current_denominator
    from issued i
    left join restatement_current c
      using (report_id, source, court_code, category, indicator)
    -- floats recomputed from the same counts are equal; the tolerance only absorbs
    -- summation order
    where (i.value is null) <> (c.value is null)
       or abs(i.value - c.value) > 1e-9 * greatest(1, abs(i.value))
)

select * from compared
