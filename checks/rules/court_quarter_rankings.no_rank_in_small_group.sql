-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- A peer group below the minimum size (ranking_rules.csv min_peer_group, default 3
-- courts) is not ranked: its rows have no rank, score or standing and the reason
-- small_group. Checked without the configuration: group_size is the number of courts
-- of the group in the rows themselves, a group is either wholly small_group or not at
-- all, and in a quarter every small_group group is smaller than every ranked group.
with groups as (
    select
        quarter, peer_group,
        count(distinct court_code)                          as courts,
        bool_or(unranked_reason = 'small_group')            as any_small,
        bool_and(unranked_reason is not distinct from 'small_group') as all_small
    from court_quarter_rankings
    group by all
),

bounds as (
    select
        quarter,
        max(courts) filter (where all_small)     as largest_small,
        min(courts) filter (where not any_small) as smallest_ranked
    from groups
    group by all
)

select r.quarter, r.court_code, r.indicator, r.peer_group, g.courts, r.group_size,
       r.rank, r.score, r.standing, r.unranked_reason
from court_quarter_rankings r
join groups g using (quarter, peer_group)
join bounds b using (quarter)
where r.group_size <> g.courts
   or g.any_small <> g.all_small
   or (r.unranked_reason = 'small_group' and (r.rank is not null or r.score is not null or r.standing is not null))
   or b.largest_small >= b.smallest_ranked
