-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- A rank exists exactly when the court is ranked (unranked_reason NULL), and lies in
-- 1 … peer_count.
select quarter, court_code, indicator, value, rank, peer_count, unranked_reason
from court_quarter_rankings
where (unranked_reason is null) <> (rank is not null)
   or (value is null and unranked_reason is null)
   or (value is not null and unranked_reason = 'no_value')
   or rank < 1
   or rank > peer_count
