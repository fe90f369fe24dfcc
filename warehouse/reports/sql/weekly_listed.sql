-- 周提醒: the deadline_alerts rows of one as-of date with the court's short name, at most
-- $limit per court and tier (the page) or every row when $limit is NULL (the CSV), most
-- severe tier first, then the nearest deadline, then case number; tier_total is the
-- court's whole count in that tier.
-- Parameters: $as_of_date, $limit.
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
    a.days_remaining,
    count(*) over (partition by a.court_code, a.tier_rank) as tier_total
from deadline_alerts a
left join courts c using (court_code)
where a.as_of_date = $as_of_date
qualify $limit is null
     or row_number() over (partition by a.court_code, a.tier_rank order by a.days_remaining, a.case_number) <= $limit
order by a.court_code, a.tier_rank, a.days_remaining, a.case_number
