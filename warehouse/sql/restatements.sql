-- restatements: every figure of the latest version of each issued bulletin whose
-- current value differs from the issued one (warehouse/reports/issued.py). Reads two
-- temp tables the caller prepares:
--   restatement_current(report_id, source, court_code, category, indicator, value,
--                       numerator, denominator) — the same figures computed now;
--   restatement_case_sets(report_id, source, court_code, category, indicator,
--                         case_number, in_set) — cases changed since the issue that are
--                         active at the court in the period; in_set when the figure's
--                         numerator or denominator contains them (courts explain's sets).
with latest as (
    select report_id, kind, period
    from main.issued_reports
    qualify row_number() over (partition by kind, period order by version desc) = 1
),

issued as (
    select f.*, l.kind, l.period
    from main.issued_figures f
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
),

case_lists as (
    select
        report_id, source, court_code, category, indicator,
        case when bool_or(in_set)
             then list(distinct case_number order by case_number) filter (where in_set)
             else list(distinct case_number order by case_number)
        end as cases
    from restatement_case_sets
    group by all
),

final as (
    select
        c.*,
        coalesce(l.cases, []::VARCHAR[])    as cases,
        len(coalesce(l.cases, []))::BIGINT  as case_count
    from compared c
    left join case_lists l using (report_id, source, court_code, category, indicator)
)

select * from final
