-- severity: warn
-- Files the latest ingest run refused as a whole (unregistered court folder, unreadable,
-- required column missing, bad name): they stay in the inbox to be fixed and re-delivered.
select file_path, court_code, error, ingested_at
from main.ingested_files
where status = 'rejected'
  and ingested_at = (select max(ingested_at) from main.ingested_files)
order by file_path
