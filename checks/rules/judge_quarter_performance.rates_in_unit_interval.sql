-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/judge_quarter_performance.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- within_limit_rate and mediation_withdrawal_rate lie in [0, 1].
select court_code, judge, quarter, within_limit_rate, mediation_withdrawal_rate
from judge_quarter_performance
where within_limit_rate < 0 or within_limit_rate > 1
   or mediation_withdrawal_rate < 0 or mediation_withdrawal_rate > 1
