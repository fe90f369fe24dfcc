-- The deadline alerts of the bulletin's workbook: the quarter's rows of the published
-- table quarter_end_deadline_alerts (as of the quarter's last day), every tier, at most
-- $limit rows per court, the most urgent first (tier rank, days remaining, case number);
-- court_total is the court's whole count (all rows: extracts/quarter_end_deadline_alerts.csv).
-- Parameters: $quarter, $limit. No party appears.
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
    a.tier_rank,
    count(*) over (partition by a.court_code) as court_total
from quarter_end_deadline_alerts a
left join courts c using (court_code)
where a.quarter = $quarter
qualify row_number() over (partition by a.court_code
                           order by a.tier_rank, a.days_remaining, a.case_number) <= $limit
order by a.court_code, a.tier_rank, a.days_remaining, a.case_number
