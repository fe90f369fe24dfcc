-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_performance.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- period_start and period_end are the first and last day of the quarter labelled.
select court_code, quarter, category, period_start, period_end
from court_quarter_performance
where period_start <> make_date(left(quarter, 4)::integer, 3 * (right(quarter, 1)::integer - 1) + 1, 1)
   or period_end <> (period_start + interval 3 month - interval 1 day)::date
