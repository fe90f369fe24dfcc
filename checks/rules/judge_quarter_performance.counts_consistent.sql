-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/judge_quarter_performance.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Counts nest (closed with a limit ≤ closed; long-pending and overdue ≤ pending at end),
-- a judge has a rank exactly when ranked (unranked_reason NULL, which needs a
-- within-limit rate), and ranks run from 1. Each indicator's numerator, denominator,
-- value and interval are checked by the rule indicator_counts, generated from
-- warehouse/reference/indicators.csv (checks/indicator_rules.py).
select court_code, judge, quarter
from judge_quarter_performance
where closed_with_limit > closed
   or long_pending_12m > pending_end
   or overdue_pending > pending_end
   or (rank_in_court is null) <> (unranked_reason is not null)
   or (unranked_reason is null and within_limit_rate is null)
   or rank_in_court < 1
   or received + closed + pending_end = 0
