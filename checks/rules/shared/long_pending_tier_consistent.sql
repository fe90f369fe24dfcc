-- severity: error
-- tables: long_pending_cases, quarter_end_long_pending
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- age_days = as_of_date − filing_date, and tier_months is the largest of 12/18/36 with
-- filing_date < as_of_date − tier_months calendar months.
select as_of_date, case_number, filing_date, age_days, tier_months
from {table}
where age_days <> as_of_date - filing_date
   or tier_months <> case
        when filing_date < (as_of_date - interval 36 month)::date then 36
        when filing_date < (as_of_date - interval 18 month)::date then 18
        when filing_date < (as_of_date - interval 12 month)::date then 12
      end
   or not (filing_date < (as_of_date - interval 12 month)::date)
