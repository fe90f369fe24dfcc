-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/deadline_alerts.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- days_remaining = deadline_date − as_of_date; 超期 (tier_rank 1) exactly when the as-of
-- date is past the deadline; one label per tier_rank.
select as_of_date, case_number, deadline_date, days_remaining, tier, tier_rank
from deadline_alerts
where days_remaining <> deadline_date - as_of_date
   or (tier_rank = 1) <> (days_remaining < 0)
   or tier_rank not in (select tier_rank from deadline_alerts group by tier_rank having count(distinct tier) = 1)
