-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/judge_quarter_performance.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix the SQL, re-materialize.
-- Rank 1 of 1 compares nothing: a judge is ranked in the court only among at least
-- min_peer_group ranked judges of that court and quarter (ranking_rules.csv, default 3),
-- and the ranks are standard competition ranks of their within-limit rates (ties at 6
-- decimals); a court left with fewer ranks none of them (few_peers).
with rules as (
    select coalesce(max(try_cast(trim(cast(value as varchar)) as integer))
                    filter (where trim(cast(setting as varchar)) = 'min_peer_group'), 3) as min_peer_group
    from ref_ranking_rules
),

counted as (
    select *,
           count(rank_in_court) over (partition by court_code, quarter) as ranked,
           case when rank_in_court is not null then
               rank() over (partition by court_code, quarter, rank_in_court is not null
                            order by round(within_limit_rate, 6) desc)
           end as expected_rank
    from judge_quarter_performance
)

select court_code, quarter, judge, within_limit_rate, closed_with_limit, rank_in_court, expected_rank, ranked,
       unranked_reason
from counted
cross join rules
where (rank_in_court is not null and (ranked < min_peer_group or rank_in_court <> expected_rank))
   or (unranked_reason = 'few_peers' and rank_in_court is not null)
