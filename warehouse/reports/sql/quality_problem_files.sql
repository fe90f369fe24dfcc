-- Files that were not fully loaded: rejected, partially loaded or duplicates, with the
-- file-level error. Parameters: none.
select
    file_path, court_code, export_date, status, rows_read, rows_loaded, rows_rejected,
    coalesce(error, '') as error
from ingested_files
where status <> 'loaded'
order by case status when 'rejected' then 1 when 'partially_loaded' then 2 else 3 end, file_path
