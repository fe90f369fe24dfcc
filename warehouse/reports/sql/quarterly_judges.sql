-- The quarter's judge_quarter_performance rows with the court's short name, ordered for
-- the bulletin's judge table (by court, then rank in court, then name).
-- Parameters: $quarter.
select j.*, coalesce(c.short_name, j.court_code) as short_name
from judge_quarter_performance j
left join courts c using (court_code)
where j.quarter = $quarter
order by j.court_code, j.rank_in_court nulls last, j.closed desc, j.judge
