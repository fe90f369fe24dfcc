-- The strengths, weaknesses and out-of-range indicators each court's profile lists: the
-- quarter's rows of the published table court_quarter_standings, in the order printed.
-- Parameters: $quarter.
select s.*
from court_quarter_standings s
where s.quarter = $quarter
order by s.court_code, s.list_kind, s.sort_order
