-- 周提醒: the deadline_alerts rows of one as-of date with the court's short name,
-- grouped by court and tier (most severe first, then the nearest deadline).
-- Parameters: $as_of_date.
select
    a.court_code,
    coalesce(c.short_name, a.court_code) as short_name,
    a.tier_rank,
    a.tier,
    a.case_number,
    a.case_type,
    a.judge,
    a.filing_date,
    a.deadline_date,
    a.days_remaining
from deadline_alerts a
left join courts c using (court_code)
where a.as_of_date = $as_of_date
order by a.court_code, a.tier_rank, a.days_remaining, a.case_number
