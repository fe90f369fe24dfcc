-- latest_run macro: when the latest ingest run that loaded a file ran (its ingested_at),
-- for the checks that judge only that run's files (case_rows.accounted_for, the Great
-- Expectations suites, delivery_volume_spike). Uses loaded_files.sql's loaded_files().
create or replace temp macro latest_loaded_run() as (select max(ingested_at) from loaded_files());
