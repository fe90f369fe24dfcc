-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Every row satisfies carried_over + received − closed = pending_end (spec/warehouse.md).
select court_code, quarter, category, carried_over, received, closed, pending_end
from {table}
where carried_over + received - closed <> pending_end
