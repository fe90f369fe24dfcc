-- The long-pending list of the bulletin: the quarter's rows of the published table
-- quarter_end_long_pending (cases pending at the quarter's last day, filed more than 12
-- months before it), so the printed list is what an analyst's SQL on that table returns.
-- At most $limit rows per court, the longest pending first (age_days desc, then case
-- number); court_total is the court's whole count (the rest is in the extract
-- extracts/quarter_end_long_pending.csv). HTML and workbook print these rows.
-- Parameters: $quarter, $limit. No party appears.
select
    l.quarter,
    l.as_of_date,
    l.case_number,
    l.court_code,
    coalesce(c.short_name, l.court_code) as short_name,
    l.judge,
    l.case_type,
    l.filing_date,
    l.age_days,
    l.tier_months,
    count(*) over (partition by l.court_code) as court_total
from quarter_end_long_pending l
left join courts c using (court_code)
where l.quarter = $quarter
qualify row_number() over (partition by l.court_code order by l.age_days desc, l.case_number) <= $limit
order by l.court_code, l.age_days desc, l.case_number
