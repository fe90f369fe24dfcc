-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Nothing lost: every raw row of the files of the latest ingest run is either a case
-- version or a rejected row (row by row; every file's counts are checked by
-- ingested_files.rows_reconcile).
with latest as (
    select sha256 from loaded_files() where ingested_at = latest_loaded_run()
),
raw_rows as (
    select sha256, file_path, row_number, case_number from raw.case_rows where sha256 in (select sha256 from latest)
),
versions as (
    select sha256, row_number from main.case_versions where sha256 in (select sha256 from latest)
),
rejected as (
    select sha256, row_number from main.rejected_rows where sha256 in (select sha256 from latest)
)
select r.file_path, r.row_number, r.case_number
from raw_rows r
where not exists (select 1 from versions v where v.sha256 = r.sha256 and v.row_number = r.row_number)
  and not exists (select 1 from rejected j where j.sha256 = r.sha256 and j.row_number = r.row_number)
