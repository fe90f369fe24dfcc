-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/judge_quarter_performance.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Counts nest (closed with a limit ≤ closed; long-pending and overdue ≤ pending at end),
-- a judge has a rank exactly when ranked (unranked_reason NULL, which needs a
-- within-limit rate), the interval contains the rate, and ranks run from 1.
select court_code, judge, quarter
from judge_quarter_performance
where closed_with_limit > closed
   or long_pending_12m > pending_end
   or overdue_pending > pending_end
   or (within_limit_rate is null) <> (closed_with_limit = 0)
   or (rank_in_court is null) <> (unranked_reason is not null)
   or (unranked_reason is null and within_limit_rate is null)
   or closed_within_limit > closed_with_limit
   or (within_limit_ci_low is null) <> (within_limit_rate is null)
   or within_limit_rate < within_limit_ci_low - 1e-12 or within_limit_rate > within_limit_ci_high + 1e-12
   or mediation_withdrawal_rate < mediation_withdrawal_ci_low - 1e-12
   or mediation_withdrawal_rate > mediation_withdrawal_ci_high + 1e-12
   or rank_in_court < 1
   or received + closed + pending_end = 0
