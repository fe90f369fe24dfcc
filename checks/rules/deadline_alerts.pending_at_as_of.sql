-- severity: warn
-- fix: On the latest as-of date, run weekly_job again so the alerts follow the cases' current state; on an old as-of date nothing is wrong (the case changed after that reminder).
-- Every alerted case is, by the cases' current state, pending at its as-of date and has
-- a deadline; a failure on an old as-of date means the case changed after that reminder.
select a.as_of_date, a.case_number, c.filing_date, c.closing_date, c.deadline_date
from deadline_alerts a
left join cases c using (case_number)
where c.case_number is null
   or c.deadline_date is null
   or c.filing_date > a.as_of_date
   or c.closing_date <= a.as_of_date
