-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/cases.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- A deadline exactly when the type has a limit; closed_within_limit only for closed cases
-- with a deadline, and equal to closing_date <= deadline_date; duration only when closed.
-- Row by row: after a refresh, the rows it replaced (in_written: checks/registry.py).
select case_number, case_type, limit_label, filing_date, closing_date, deadline_date, closed_within_limit, duration_days
from main.cases
where in_written(case_number)
  and ((limit_label is null) <> (deadline_date is null)
       or (closed_within_limit is null) <> (closing_date is null or deadline_date is null)
       or closed_within_limit <> (closing_date <= deadline_date)
       or (duration_days is null) <> (closing_date is null)
       or deadline_date < filing_date)
