-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- Counts nest as defined (within ⊆ with limit ⊆ closed; 36m ⊆ 18m ⊆ 12m ⊆ pending at end;
-- judges ≤ closed) and a rate is NULL exactly when its denominator is 0.
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
