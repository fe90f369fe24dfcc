-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Status agrees with the counts: loaded has no rejected row, partially_loaded has some,
-- rejected and duplicate files load nothing and say why (duplicates name their original).
select file_path, status, rows_read, rows_loaded, rows_rejected, error, duplicate_of
from main.ingested_files
where status not in ('loaded', 'partially_loaded', 'rejected', 'duplicate')
   or (status = 'loaded' and rows_rejected <> 0)
   or (status = 'partially_loaded' and rows_rejected = 0)
   or (status in ('rejected', 'duplicate') and (rows_read <> 0 or rows_loaded <> 0 or error is null))
   or (status = 'duplicate' and duplicate_of is null)
