-- The long-pending list of the bulletin, as of the quarter's last day: report_long_pending
-- holds the rows of the long_pending_cases model computed for that date
-- (warehouse/reports/quarterly.py creates it from the model's own SQL, so the list's
-- count per court equals long_pending_12m of court_quarter_performance). No party appears.
select
    l.as_of_date,
    l.case_number,
    l.court_code,
    coalesce(c.short_name, l.court_code) as short_name,
    l.judge,
    l.case_type,
    l.filing_date,
    l.age_days,
    l.tier_months
from report_long_pending l
left join courts c using (court_code)
order by l.court_code, l.age_days desc, l.case_number
