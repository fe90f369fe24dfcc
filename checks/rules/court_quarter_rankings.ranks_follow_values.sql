-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs: reproduce it on the example rows, fix it, re-materialize.
-- Each rank is the standard competition rank ("1, 2, 2, 4") of the ranked courts of its
-- group by the indicator's direction, at 6 decimals: −value (higher_better and
-- composite), value (lower_better), or the distance from the row's reasonable range
-- (target_range; |value − target| of indicators.csv when no range is configured).
-- The order is written out again here on purpose, not taken from the model's SQL: a
-- change to the model's order (a sign, a range) must fail this rule, not pass through it.
with targets as (
    select trim(cast(indicator as varchar)) as indicator, try_cast(cast(target as varchar) as double) as target
    from ref_indicators
),

judged as (
    select
        r.quarter, r.peer_group, r.court_code, r.indicator, r.value, r.rank,
        round(case r.direction
            when 'higher_better' then -r.value
            when 'lower_better' then r.value
            else case
                when r.range_low is null and r.range_high is null then abs(r.value - t.target)
                else greatest(r.range_low - r.value, r.value - r.range_high, 0.0)
            end
        end, 6) as badness
    from court_quarter_rankings r
    left join targets t using (indicator)
    where r.rank is not null
),

expected as (
    select *, rank() over (partition by quarter, peer_group, indicator order by badness) as expected_rank
    from judged
)

select quarter, peer_group, court_code, indicator, value, badness, rank, expected_rank
from expected
where badness is null or rank <> expected_rank
