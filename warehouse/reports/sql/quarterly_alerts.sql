-- The deadline alerts of the bulletin: the quarter's rows of the published table
-- quarter_end_deadline_alerts (as of the quarter's last day). Tier rank 1 (超期) is the
-- overdue list the HTML prints, in this order; the workbook prints every tier.
-- Parameters: $quarter. No party appears.
select
    a.quarter,
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
from quarter_end_deadline_alerts a
left join courts c using (court_code)
where a.quarter = $quarter
order by a.court_code, a.tier_rank, a.days_remaining, a.case_number
