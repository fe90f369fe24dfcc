-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- Every row satisfies carried_over + received − closed = pending_end (spec/warehouse.md).
select court_code, quarter, category, carried_over, received, closed, pending_end
from {table}
where carried_over + received - closed <> pending_end
