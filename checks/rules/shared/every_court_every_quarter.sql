-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Every court of the registry (table courts) has an `all` row in every quarter the table holds.
select q.quarter, c.court_code
from courts c
cross join (select distinct quarter from {table}) q
anti join {table} p
  on p.court_code = c.court_code and p.quarter = q.quarter and p.category = 'all'
