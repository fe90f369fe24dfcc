-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- Every court of the registry (table courts) has an `all` row in every quarter the table holds.
select q.quarter, c.court_code
from courts c
cross join (select distinct quarter from {table}) q
anti join {table} p
  on p.court_code = c.court_code and p.quarter = q.quarter and p.category = 'all'
