-- severity: warn
-- fix: On the latest as-of date, run weekly_job again so the list follows the cases' current state; on an old as-of date nothing is wrong (the case changed after that list was made).
-- Every listed case is, by the cases' current state, pending at its as-of date; a
-- failure on an old as-of date means the case changed after that list was made.
select l.as_of_date, l.case_number, c.filing_date, c.closing_date
from long_pending_cases l
left join cases c using (case_number)
where c.case_number is null
   or c.filing_date > l.as_of_date
   or c.closing_date <= l.as_of_date
