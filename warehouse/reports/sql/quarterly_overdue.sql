-- The overdue list the bulletin's HTML prints: tier rank 1 (超期) of the published table
-- quarter_end_deadline_alerts for the quarter, at most $limit rows per court, the most
-- overdue first (days remaining, then case number); court_total is the court's whole
-- count of overdue cases. Parameters: $quarter, $limit. No party appears.
select
    a.case_number,
    a.court_code,
    a.judge,
    a.case_type,
    a.filing_date,
    a.deadline_date,
    a.days_remaining,
    count(*) over (partition by a.court_code) as court_total
from quarter_end_deadline_alerts a
where a.quarter = $quarter and a.tier_rank = 1
qualify row_number() over (partition by a.court_code order by a.days_remaining, a.case_number) <= $limit
order by a.court_code, a.days_remaining, a.case_number
