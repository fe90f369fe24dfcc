-- The courts a quarterly bulletin shows: every court of a peer group (the rankings'
-- group, else the registry's) in which at least one court has cases in the quarter
-- (carried over or received, `all` row of court_quarter_performance). A registered court
-- without cases is shown beside peers that have some, so a silent court stays visible
-- where it is compared; groups where no court has cases are left out, so the bulletin
-- grows with the data, not with the registry. When no court of the scope has cases
-- (an issuer asked for explicitly), every court of the scope is shown.
-- Parameters: $quarter.
with performance as (
    select court_code, carried_over + received as cases
    from court_quarter_performance
    where quarter = $quarter and category = 'all'
),

ranked_groups as (
    select distinct court_code, peer_group
    from court_quarter_rankings
    where quarter = $quarter
),

grouped as (
    select p.court_code, coalesce(g.peer_group, c.peer_group, '-') as peer_group, p.cases
    from performance p
    left join ranked_groups g using (court_code)
    left join courts c using (court_code)
),

groups_with_cases as (
    select distinct peer_group
    from grouped
    where cases > 0
),

final as (
    select court_code
    from grouped
    where peer_group in (select peer_group from groups_with_cases)
       or not exists (select 1 from groups_with_cases)
)

select * from final
order by court_code
