-- The quarters the warehouse has performance rows for.
select distinct quarter
from court_quarter_performance
order by quarter
