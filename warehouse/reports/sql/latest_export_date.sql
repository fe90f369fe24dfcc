-- The latest date the data covers: the latest export date of a loaded file, else the
-- latest filing or closing date in cases (a warehouse filled without file names).
select coalesce(
    (select max(export_date) from ingested_files where status in ('loaded', 'partially_loaded')),
    (select greatest(max(filing_date), max(closing_date)) from cases)
) as last_date
