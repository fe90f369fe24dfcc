-- case_versions: the accepted rows of one ingest batch (no row-rule reason), appended by
-- warehouse.ingest inside the batch's transaction. Incremental: this model reads the
-- batch's `staged` rows (staging_case_rows.sql), it does not rebuild the table.
-- No personal data: parties stay in raw.case_rows and case_parties.

with staged as (
    select * from staged
),

accepted as (
    select * from staged where len(reasons) = 0
),

final as (
    select
        case_number,
        court_code,
        case_year,
        case_type,
        specialized,
        cause,
        procedure,
        filing_date,
        closing_date,
        disposition,
        disposition_group,
        judge,
        division,
        extension_days,
        excluded_days,
        origin_case_number,
        amount_claimed,
        amount_recovered,
        updated_at,
        export_date,
        file_path,
        sha256,
        row_number,
        warnings
    from accepted
)

select * from final
