-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- A value outside its reasonable range is never a strength (优势), whatever its rank
-- (the value judged at the tie precision, 6 decimals, as the rankings judge it).
select quarter, court_code, indicator, value, range_low, range_high, range_status, standing
from court_quarter_rankings
where standing = 'strength'
  and (range_status in ('below', 'above')
       or round(value, 6) < range_low - 1e-9
       or round(value, 6) > range_high + 1e-9)
