-- severity: error
-- Every row satisfies carried_over + received − closed = pending_end (spec/warehouse.md).
select court_code, quarter, category, carried_over, received, closed, pending_end
from court_ytd_performance
where carried_over + received - closed <> pending_end
