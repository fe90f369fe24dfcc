-- severity: error
-- fix: If a court in the examples is missing from the registry, add it (warehouse/reference/courts/); otherwise the write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Every `all` row of court_quarter_performance in a ranked quarter has its twelve
-- indicators and the composite in the rankings (a court missing from the registry, and
-- so without a peer group, shows up here).
with ranked_quarters as (
    select distinct quarter from court_quarter_rankings
),

expected as (
    select p.quarter, p.court_code
    from court_quarter_performance p
    join ranked_quarters using (quarter)
    where p.category = 'all'
),

got as (
    select quarter, court_code, count(*) as indicators
    from court_quarter_rankings
    group by all
)

select e.quarter, e.court_code, coalesce(g.indicators, 0) as indicators
from expected e
left join got g using (quarter, court_code)
where coalesce(g.indicators, 0) <> 13
