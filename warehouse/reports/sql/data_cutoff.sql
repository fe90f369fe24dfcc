-- The latest export date among files loaded (fully or partly): how current the data is.
select max(export_date) as last_export
from ingested_files
where status in ('loaded', 'partially_loaded')
