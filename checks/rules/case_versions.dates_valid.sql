-- severity: error
-- fix: Ingest invariant broken for the files in the examples: keep those files, report them with these examples; after the fix in the readers or warehouse/ingest.py, run ingest_job again (ingestion is idempotent by content hash).
-- Accepted versions obey the row rules: filing and closing dates from 1949-10-01 to the
-- export date, closing not before filing, day counts not negative.
select file_path, row_number, case_number, filing_date, closing_date, export_date, extension_days, excluded_days
from main.case_versions
where filing_date < DATE '1949-10-01'
   or filing_date > export_date
   or closing_date > export_date
   or closing_date < filing_date
   or extension_days < 0
   or excluded_days < 0
