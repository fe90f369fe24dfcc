-- restatements: every figure of the latest version of each issued bulletin whose
-- current value differs from the issued one (warehouse/reports/issued.py), with the cases
-- that changed it. Reads two temp tables the caller prepares:
--   restated_figures(…) — the differing figures (warehouse/sql/restated_figures.sql);
--   restatement_case_sets(report_id, source, court_code, category, indicator,
--                         case_number, in_set) — cases changed since the issue that are
--                         active at the court in the period; in_set when the figure's
--                         numerator or denominator contains them (courts explain's sets).
with compared as (
    select * from restated_figures
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
