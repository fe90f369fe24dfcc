-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Per file rows_read = rows_loaded + rows_rejected, and the counts match the rows really
-- in case_versions and rejected_rows (raw.case_rows holds every row read).
with versions as (
    select sha256, count(*) as n from main.case_versions group by sha256
),
rejected as (
    select file_path, sha256, count(*) as n from main.rejected_rows group by file_path, sha256
),
raw_rows as (
    select file_path, sha256, count(*) as n from raw.case_rows group by file_path, sha256
)
select
    f.file_path, f.status, f.rows_read, f.rows_loaded, f.rows_rejected,
    coalesce(v.n, 0) as in_case_versions, coalesce(r.n, 0) as in_rejected_rows, coalesce(w.n, 0) as in_raw
from main.ingested_files f
left join versions v on v.sha256 = f.sha256 and is_loaded(f.status)
left join rejected r on r.file_path = f.file_path and r.sha256 = f.sha256
left join raw_rows w on w.file_path = f.file_path and w.sha256 = f.sha256
where f.rows_read <> f.rows_loaded + f.rows_rejected
   or f.rows_loaded <> coalesce(v.n, 0)
   or f.rows_rejected <> coalesce(r.n, 0)
   or (is_loaded(f.status) and f.rows_read <> coalesce(w.n, 0))
