-- rejected_rows: the rows of one ingest batch with at least one row-rule reason, with the
-- row as read (JSON keyed by the file's own header names) from batch_raw_records (which
-- holds the records of these rows only).
-- Appended by warehouse.ingest inside the batch's transaction (incremental, not a rebuild).

with staged as (
    select * from staged
),

rejected as (
    select sha256, file_path, row_number, reasons from staged where len(reasons) > 0
),

records as (
    select sha256, row_number, raw_record from batch_raw_records
),

final as (
    select
        rejected.file_path,
        rejected.sha256,
        rejected.row_number,
        records.raw_record,
        rejected.reasons
    from rejected
    join records using (sha256, row_number)
)

select * from final
