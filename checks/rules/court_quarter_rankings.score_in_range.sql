-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- Scores lie in [0, 100] and exist exactly when the rank does.
select quarter, court_code, indicator, value, rank, score
from court_quarter_rankings
where (rank is null) <> (score is null)
   or score < 0
   or score > 100 + 1e-9
