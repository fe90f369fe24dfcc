-- The deadline alerts of the bulletin, as of the quarter's last day: report_alerts holds
-- the rows of the deadline_alerts model computed for that date (created by
-- warehouse/reports/quarterly.py from the model's own SQL). Tier rank 1 (超期) is the
-- overdue list. No party appears.
select
    a.as_of_date,
    a.case_number,
    a.court_code,
    coalesce(c.short_name, a.court_code) as short_name,
    a.judge,
    a.case_type,
    a.filing_date,
    a.deadline_date,
    a.days_remaining,
    a.tier,
    a.tier_rank
from report_alerts a
left join courts c using (court_code)
order by a.court_code, a.tier_rank, a.days_remaining, a.case_number
