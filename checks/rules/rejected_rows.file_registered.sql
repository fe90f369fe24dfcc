-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Rejected rows belong to the current delivery of a partially loaded file.
select j.file_path, j.sha256, count(*) as rows
from main.rejected_rows j
where not exists (
    select 1 from main.ingested_files f
    where f.file_path = j.file_path and f.sha256 = j.sha256 and f.status = 'partially_loaded')
group by j.file_path, j.sha256
