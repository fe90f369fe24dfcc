-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Raw rows belong to the current delivery of a loaded or partially loaded file in ingested_files.
select r.file_path, r.sha256, count(*) as rows
from raw.case_rows r
where not exists (
    select 1 from loaded_files() f
    where f.file_path = r.file_path and f.sha256 = r.sha256)
group by r.file_path, r.sha256
