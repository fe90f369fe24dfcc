-- Files that were not fully loaded (rejected, partially loaded or duplicates) with the
-- file-level error, for the workbook: at most $limit per court, rejected first, then
-- partially loaded, then duplicates, by path; court_total is the court's whole count
-- (every file of the register: extracts/ingested_files.csv). Parameters: $limit.
select
    f.file_path, f.court_code, coalesce(c.short_name, f.court_code) as short_name, f.export_date, f.status,
    f.rows_read, f.rows_loaded, f.rows_rejected, coalesce(f.error, '') as error,
    count(*) over (partition by f.court_code) as court_total
from ingested_files f
left join courts c using (court_code)
where f.status <> 'loaded'
qualify row_number() over (partition by f.court_code
                           order by case f.status when 'rejected' then 1 when 'partially_loaded' then 2 else 3 end,
                                    f.file_path) <= $limit
order by f.court_code, case f.status when 'rejected' then 1 when 'partially_loaded' then 2 else 3 end, f.file_path
