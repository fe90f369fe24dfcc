-- severity: warn
-- fix: Nothing to fix in the data: the next bulletin's 更正说明 lists these changes; reissue the bulletin (--reissue) only if the office decides to.
-- Issued figures whose current value differs from the value issued (late deliveries or
-- corrections after the bulletin): each is listed in the next bulletin's 更正说明.
select report_id, court_code, category, indicator, issued_value, current_value, case_count
from main.restatements
