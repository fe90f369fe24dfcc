-- Data quality of the warehouse behind a report: files by court and status, with the
-- rows read, loaded and rejected. Parameters: none.
select
    f.court_code,
    coalesce(c.short_name, f.court_code)                        as short_name,
    count(*)                                                    as files,
    count(*) filter (where f.status = 'loaded')                 as loaded,
    count(*) filter (where f.status = 'partially_loaded')       as partially_loaded,
    count(*) filter (where f.status = 'rejected')               as rejected,
    count(*) filter (where f.status = 'duplicate')              as duplicate,
    coalesce(sum(f.rows_read), 0)                               as rows_read,
    coalesce(sum(f.rows_loaded), 0)                             as rows_loaded,
    coalesce(sum(f.rows_rejected), 0)                           as rows_rejected,
    max(f.export_date) filter (where is_loaded(f.status))     as last_export
from ingested_files f
left join courts c using (court_code)
group by all
order by f.court_code
