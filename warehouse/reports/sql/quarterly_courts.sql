-- The courts of the quarterly bulletin: every court with an `all` row in
-- court_quarter_performance for the quarter, with its names and the peer group it is
-- shown in (the macro bulletin_groups, warehouse/sql/macros/bulletin_groups.sql: the
-- rankings' group, which honours peer_groups.csv; else the registry's).
-- Parameters: $quarter.
with final as (
    select
        p.court_code,
        coalesce(c.short_name, p.court_code)        as short_name,
        coalesce(c.court_name, p.court_code)        as court_name,
        c.level,
        c.parent_code,
        p.peer_group,
        parent.short_name                           as parent_short_name
    from bulletin_groups($quarter) p
    left join courts c using (court_code)
    left join courts parent on parent.court_code = c.parent_code
)

select * from final
order by peer_group, court_code
