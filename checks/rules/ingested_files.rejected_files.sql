-- severity: warn
-- fix: Fix each file in the examples as its `error` says (register the court folder in the registry, re-export with the required columns, or rename it <YYYYMMDD>…), leave it in the inbox and run ingest_job again.
-- Files the latest ingest run refused as a whole (unregistered court folder, unreadable,
-- required column missing, bad name): they stay in the inbox to be fixed and re-delivered.
select file_path, court_code, error, ingested_at
from main.ingested_files
where status = 'rejected'
  and ingested_at = (select max(ingested_at) from main.ingested_files)
order by file_path
