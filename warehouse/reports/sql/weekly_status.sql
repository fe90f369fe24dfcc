-- Whether deadline_alerts was built for the as-of date (it has rows for it), and the
-- registered courts for the summary table. Parameters: $as_of_date.
select
    c.court_code,
    c.short_name,
    exists (select 1 from deadline_alerts where as_of_date = $as_of_date) as built
from courts c
order by c.court_code
