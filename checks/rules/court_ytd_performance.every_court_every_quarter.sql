-- severity: error
-- Every court of the registry (table courts) has an `all` row in every quarter the table holds.
select q.quarter, c.court_code
from courts c
cross join (select distinct quarter from court_ytd_performance) q
anti join court_ytd_performance p
  on p.court_code = c.court_code and p.quarter = q.quarter and p.category = 'all'
