-- severity: error
-- Scores lie in [0, 100] and exist exactly when the rank does.
select quarter, court_code, indicator, value, rank, score
from court_quarter_rankings
where (rank is null) <> (score is null)
   or score < 0
   or score > 100 + 1e-9
