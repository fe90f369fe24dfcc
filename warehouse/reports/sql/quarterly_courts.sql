-- The courts of the quarterly bulletin: every court with an `all` row in
-- court_quarter_performance for the quarter, with its names and the peer group it was
-- ranked in (the rankings' group, which honours peer_groups.csv; else the registry's).
-- Parameters: $quarter.
with performance as (
    select court_code
    from court_quarter_performance
    where quarter = $quarter and category = 'all'
),

ranked_groups as (
    select distinct court_code, peer_group
    from court_quarter_rankings
    where quarter = $quarter
),

final as (
    select
        p.court_code,
        coalesce(c.short_name, p.court_code)        as short_name,
        coalesce(c.court_name, p.court_code)        as court_name,
        c.level,
        c.parent_code,
        coalesce(g.peer_group, c.peer_group, '-')   as peer_group,
        parent.short_name                           as parent_short_name
    from performance p
    left join courts c using (court_code)
    left join ranked_groups g using (court_code)
    left join courts parent on parent.court_code = c.parent_code
)

select * from final
order by peer_group, court_code
