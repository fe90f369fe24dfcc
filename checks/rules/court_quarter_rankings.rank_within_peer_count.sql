-- severity: error
-- A rank exists exactly when the value does, and lies in 1 … peer_count.
select quarter, court_code, indicator, value, rank, peer_count
from court_quarter_rankings
where (value is null) <> (rank is null)
   or rank < 1
   or rank > peer_count
