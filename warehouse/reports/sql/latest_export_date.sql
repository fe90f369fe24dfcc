-- The latest date the data covers: the latest export date of a loaded file, else the
-- latest filing or closing date in cases (a warehouse filled without file names).
select coalesce(
    latest_export_date(),
    (select greatest(max(filing_date), max(closing_date)) from cases)
) as last_date
