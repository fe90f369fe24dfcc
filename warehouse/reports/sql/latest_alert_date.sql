-- The latest as-of date deadline_alerts has rows for (the weekly reminder's default).
select max(as_of_date) as as_of_date
from deadline_alerts
