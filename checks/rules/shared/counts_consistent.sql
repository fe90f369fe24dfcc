-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Counts nest as defined (within ⊆ with limit ⊆ closed; 36m ⊆ 18m ⊆ 12m ⊆ pending at end;
-- judges ≤ closed; each rate's numerator ⊆ its denominator ⊆ closed), a rate is NULL
-- exactly when its denominator is 0, and the rates stored beside their counts are those
-- counts' quotient.
select court_code, quarter, category
from {table}
where closed_within_limit > closed_with_limit
   or closed_with_limit > closed
   or long_pending_36m > long_pending_18m
   or long_pending_18m > long_pending_12m
   or long_pending_12m > pending_end
   or judges > closed
   or (closure_to_filing_ratio is null) <> (received = 0)
   or (closure_rate is null) <> (carried_over + received = 0)
   or (within_limit_rate is null) <> (closed_with_limit = 0)
   or (long_pending_12m_share is null) <> (pending_end = 0)
   or (avg_duration_days is null and closed > 0)
   or (disposition_time_days is null) <> (closed = 0)
   or (closed_per_judge is null) <> (judges = 0)
   or (first_instance_acceptance_rate is null) <> (appeal_rate is null)
   or mediation_withdrawal > civil_first_closed or civil_first_closed > closed
   or appealed > first_instance_closed or reversed_remanded > appealed or first_instance_closed > closed
   or enforcement_enforced > enforcement_closed or enforcement_closed > closed
   or first_enforcement_no_assets > first_enforcement_closed or first_enforcement_closed > enforcement_closed
   or (mediation_withdrawal_rate is null) <> (civil_first_closed = 0)
   or (appeal_rate is null) <> (first_instance_closed = 0)
   or (reversed_remanded_rate is null) <> (first_instance_closed = 0)
   or (enforcement_completion_rate is null) <> (enforcement_closed = 0)
   or (first_enforcement_no_assets_rate is null) <> (first_enforcement_closed = 0)
   or abs(mediation_withdrawal_rate - mediation_withdrawal / civil_first_closed) > 1e-12
   or abs(appeal_rate - appealed / first_instance_closed) > 1e-12
   or abs(reversed_remanded_rate - reversed_remanded / first_instance_closed) > 1e-12
   or abs(enforcement_completion_rate - enforcement_enforced / enforcement_closed) > 1e-12
   or abs(first_enforcement_no_assets_rate - first_enforcement_no_assets / first_enforcement_closed) > 1e-12
