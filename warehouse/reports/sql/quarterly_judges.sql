-- The quarter's judge_quarter_performance rows with the court's short name, at most
-- $limit judges per court in the order of the bulletin's judge table (rank in court,
-- then most closed, then name); court_total is the court's number of judges (every
-- judge: extracts/judge_quarter_performance.csv). Parameters: $quarter, $limit.
select j.*, coalesce(c.short_name, j.court_code) as short_name,
       count(*) over (partition by j.court_code) as court_total
from judge_quarter_performance j
left join courts c using (court_code)
where j.quarter = $quarter
qualify row_number() over (partition by j.court_code
                           order by j.rank_in_court nulls last, j.closed desc, j.judge) <= $limit
order by j.court_code, j.rank_in_court nulls last, j.closed desc, j.judge
