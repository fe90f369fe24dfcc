-- Registered courts whose latest export date (of any file they delivered) lies more than
-- silent_days before the newest export date in the warehouse, or that never delivered.
with thresholds as (
    select max(value) filter (where setting = 'silent_days')::INTEGER as silent_days
    from ref_volume_thresholds
),
newest as (
    select max(export_date) as export_date from main.ingested_files
),
last_delivery as (
    select court_code, max(export_date) as last_export_date
    from main.ingested_files
    group by court_code
)
select
    c.court_code,
    c.court_name,
    l.last_export_date,
    n.export_date - l.last_export_date as days_silent,
    n.export_date as newest_export_date
from main.courts c
cross join newest n
cross join thresholds t
left join last_delivery l using (court_code)
where n.export_date is not null
  and (l.last_export_date is null or n.export_date - l.last_export_date > t.silent_days)
order by days_silent desc nulls first, c.court_code
