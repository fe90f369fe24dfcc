-- severity: error
-- tables: deadline_alerts, quarter_end_deadline_alerts
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs (or warehouse/reference/alert_thresholds.csv): reproduce it on the example rows, fix the SQL, re-materialize.
-- days_remaining = deadline_date − as_of_date; one label per tier_rank; and each case is in
-- the most severe tier whose condition it meets (alert_thresholds.csv: days_remaining in
-- [min, max], or elapsed ≥ numerator/denominator of the allowed period: 3 × (D − filing)
-- ≥ 2 × (deadline − filing) by default), recomputed here from the thresholds.
with thresholds as (
    select
        cast(tier_rank as integer)                                       as tier_rank,
        try_cast(cast(min_days_remaining as varchar) as integer)        as low,
        try_cast(cast(max_days_remaining as varchar) as integer)        as high,
        try_cast(cast(elapsed_share_numerator as varchar) as integer)   as num,
        try_cast(cast(elapsed_share_denominator as varchar) as integer) as den
    from ref_alert_thresholds
),

judged as (
    select
        a.as_of_date, a.case_number, a.filing_date, a.deadline_date, a.days_remaining, a.tier, a.tier_rank,
        min(t.tier_rank) filter (
            where (coalesce(a.days_remaining >= t.low, true) and coalesce(a.days_remaining <= t.high, true)
                   and (t.low is not null or t.high is not null))
               or (t.num is not null and t.den * (a.as_of_date - a.filing_date) >= t.num * (a.deadline_date - a.filing_date))
        ) as expected_rank
    from {table} a
    cross join thresholds t
    group by all
)

select as_of_date, case_number, filing_date, deadline_date, days_remaining, tier, tier_rank, expected_rank
from judged
where days_remaining <> deadline_date - as_of_date
   or tier_rank is distinct from expected_rank
   or tier_rank not in (select tier_rank from {table} group by tier_rank having count(distinct tier) = 1)
