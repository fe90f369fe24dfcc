-- loaded_files macros: which delivered files count, declared once for every query that
-- asks. A file counts when it was loaded whole or in part (status 'loaded' or
-- 'partially_loaded'; the same set as warehouse.ingest.LOADED, which
-- tests/test_structure.py compares with is_loaded).
-- is_loaded(status): the condition, for filters and joins on any alias;
-- loaded_files(): the file register's counted rows (follows an issuer scope's
-- ingested_files view, so a scoped report sees its courts' files);
-- latest_export_date(): how current the data is, the latest export date of such a file.
-- Macros bind when created: these need only ingested_files' status and export_date, so
-- they can be created on any copy that has the file register (the latest ingest run is
-- in latest_run.sql).
create or replace temp macro is_loaded(status) as status in ('loaded', 'partially_loaded');
create or replace temp macro loaded_files() as table
    select * from ingested_files where is_loaded(status);
create or replace temp macro latest_export_date() as (select max(export_date) from loaded_files());
