-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- Rank 1 of 1 compares nothing: a court is ranked only among at least min_peer_group
-- ranked courts of its group (ranking_rules.csv, default 3), and its peer_count is how
-- many are ranked there. A group left with fewer (the others without a value or below
-- min_sample) ranks none of them: few_peers, with no rank, score or standing.
with rules as (
    select coalesce(max(try_cast(trim(cast(value as varchar)) as integer))
                    filter (where trim(cast(setting as varchar)) = 'min_peer_group'), 3) as min_peer_group
    from ref_ranking_rules
),

counted as (
    select *, count(rank) over (partition by quarter, peer_group, indicator) as ranked
    from court_quarter_rankings
)

select quarter, peer_group, court_code, indicator, rank, peer_count, ranked, score, standing, unranked_reason
from counted
cross join rules
where (rank is not null and (ranked < min_peer_group or peer_count <> ranked))
   or (unranked_reason = 'few_peers' and (rank is not null or score is not null or standing is not null))
