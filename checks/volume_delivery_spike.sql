-- A court's delivery (the rows of all its files of one export date) in the latest ingest
-- run that is at least size_factor times its usual size: the median of its earlier
-- deliveries, once it has min_history of them (warehouse/reference/volume_thresholds.csv).
with thresholds as (
    select
        max(value) filter (where setting = 'size_factor')::DOUBLE as size_factor,
        max(value) filter (where setting = 'min_history')::INTEGER as min_history
    from ref_volume_thresholds
),
deliveries as (
    select
        court_code,
        export_date,
        sum(rows_read) as rows,
        string_agg(file_path, ', ' order by file_path) as files,
        bool_or(ingested_at = latest_loaded_run()) as in_latest_run
    from loaded_files()
    group by court_code, export_date
),
history as (
    select
        d.*,
        (select median(h.rows) from deliveries h
         where h.court_code = d.court_code and h.export_date < d.export_date) as usual_rows,
        (select count(*) from deliveries h
         where h.court_code = d.court_code and h.export_date < d.export_date) as earlier_deliveries
    from deliveries d
    where d.in_latest_run
)
select
    court_code, export_date, rows, usual_rows, round(rows / usual_rows, 1) as times_usual,
    earlier_deliveries, files
from history, thresholds
where earlier_deliveries >= min_history
  and usual_rows > 0
  and rows >= size_factor * usual_rows
order by times_usual desc
