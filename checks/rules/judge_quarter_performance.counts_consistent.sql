-- severity: error
-- Counts nest (closed with a limit ≤ closed; long-pending and overdue ≤ pending at end),
-- a judge has a rank exactly when a within-limit rate, and ranks run from 1.
select court_code, judge, quarter
from judge_quarter_performance
where closed_with_limit > closed
   or long_pending_12m > pending_end
   or overdue_pending > pending_end
   or (within_limit_rate is null) <> (closed_with_limit = 0)
   or (rank_in_court is null) <> (within_limit_rate is null)
   or rank_in_court < 1
   or received + closed + pending_end = 0
