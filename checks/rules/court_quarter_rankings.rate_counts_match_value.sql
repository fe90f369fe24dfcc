-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- For rate indicators, numerator / denominator (recounted from the performance counts
-- or from `cases`) equals the performance table's value, and the value is NULL exactly
-- when the denominator is 0. A mismatch means the Wilson interval would describe other
-- cases than the value.
select quarter, court_code, indicator, value, numerator, denominator
from court_quarter_rankings
where denominator is not null
  and (
      (value is null) <> (denominator = 0)
      or abs(value - numerator / nullif(denominator, 0)) > 1e-9
  )
