-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Every case version comes from the current delivery of a loaded or partially loaded file.
select v.file_path, v.sha256, count(*) as versions
from main.case_versions v
where not exists (
    select 1 from loaded_files() f
    where f.file_path = v.file_path and f.sha256 = v.sha256)
group by v.file_path, v.sha256
