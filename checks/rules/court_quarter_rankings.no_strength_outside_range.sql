-- severity: error
-- A value outside its reasonable range is never a strength (优势), whatever its rank.
select quarter, court_code, indicator, value, range_low, range_high, range_status, standing
from court_quarter_rankings
where standing = 'strength'
  and (range_status in ('below', 'above')
       or value < range_low - 1e-9
       or value > range_high + 1e-9)
