-- bulletin_groups macro: the courts of a quarter's bulletin with the peer group each is
-- shown in, and its cases (carried over + received, `all` row of
-- court_quarter_performance). The group is the one the court was ranked in for the
-- quarter (court_quarter_rankings, which honours peer_groups.csv), else the registry's,
-- else '-'. Read by the report queries bulletin_courts.sql (which groups are printed)
-- and quarterly_courts.sql (the courts' names and groups), so both group alike.
create or replace temp macro bulletin_groups(q) as table
    select
        p.court_code,
        coalesce(g.peer_group, c.peer_group, '-') as peer_group,
        p.carried_over + p.received               as cases
    from court_quarter_performance p
    left join (select distinct court_code, peer_group from court_quarter_rankings where quarter = q) g
        using (court_code)
    left join courts c using (court_code)
    where p.quarter = q and p.category = 'all';
