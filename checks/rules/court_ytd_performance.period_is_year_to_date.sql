-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_ytd_performance.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- period_start is Jan 1 and period_end the last day of the quarter labelled.
select court_code, quarter, category, period_start, period_end
from court_ytd_performance
where period_start <> make_date(left(quarter, 4)::integer, 1, 1)
   or period_end <> (make_date(left(quarter, 4)::integer, 3 * right(quarter, 1)::integer, 1) + interval 1 month - interval 1 day)::date
