-- The quarter's rows of court_quarter_rankings with the court's short name.
-- Parameters: $quarter.
select r.*, coalesce(c.short_name, r.court_code) as short_name
from court_quarter_rankings r
left join courts c using (court_code)
where r.quarter = $quarter
order by r.indicator, r.peer_group, r.rank nulls last, r.court_code
