-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- A rate's Wilson 95 % interval lies in [0, 1] and contains the rate.
select quarter, court_code, indicator, value, ci_low, ci_high
from court_quarter_rankings
where ci_low is not null
  and (ci_low < 0 or ci_high > 1 or value < ci_low - 1e-12 or value > ci_high + 1e-12)
