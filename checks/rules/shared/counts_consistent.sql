-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Counts nest as defined (with limit ⊆ closed; 36m ⊆ 18m ⊆ 12m ⊆ pending at end;
-- judges ≤ closed; each rate's denominator ⊆ closed), and the figures that are not
-- declared indicators are NULL exactly when their denominator is 0 and equal to their
-- counts' quotient. Every declared indicator (numerator ⊆ denominator, NULL exactly when
-- the denominator is 0, value = numerator / denominator) is checked by the rule
-- indicator_counts, generated from warehouse/reference/indicators.csv
-- (checks/indicator_rules.py).
select court_code, quarter, category
from {table}
where closed_with_limit > closed
   or long_pending_36m > long_pending_18m
   or long_pending_18m > long_pending_12m
   or long_pending_12m > pending_end
   or judges > closed
   or (avg_duration_days is null and closed > 0)
   or (disposition_time_days is null and closed > 0)
   or (closed_per_judge is null) <> (judges = 0)
   or (first_instance_acceptance_rate is null) <> (appeal_rate is null)
   or civil_first_closed > closed
   or appealed > first_instance_closed or reversed_remanded > appealed or first_instance_closed > closed
   or enforcement_closed > closed
   or first_enforcement_closed > enforcement_closed
   or (appeal_rate is null) <> (first_instance_closed = 0)
   or abs(appeal_rate - appealed / first_instance_closed) > 1e-12
