-- staging_case_rows: the raw rows of one ingest batch, typed and normalized, with every
-- row-rule reason (rejected when any) and warning (accepted anyway). Not a warehouse
-- table: warehouse.ingest materializes it as the temp table `staged`, from which
-- case_versions.sql and rejected_rows.sql append. Inputs (temp relations set up by
-- warehouse.ingest): batch_raw_rows (raw.case_rows' shape plus `_malformed`),
-- params_files (sha256, file_path, court_code, export_date), params_vocab (field, raw,
-- value: distinct vocabulary values normalized in Python), params_court_names
-- (court_code, name: the registered names of each court, normalized the same way).
-- Macros: v_* (warehouse/sql/macros/values.sql), cn_* (macros/case_number.sql).
-- Limits: ref_value_limits (warehouse/reference/value_limits.csv): the largest credible
-- amount and day count; a larger, negative or unfitting value rejects the row.

with raw_rows as (
    select * from batch_raw_rows
),

files as (
    select * from params_files
),

vocab as (
    select * from params_vocab
),

court_names as (
    select * from params_court_names
),

limits as (
    select
        max(case when field = 'amount' then max_value end)::DOUBLE as max_amount,
        max(case when field = 'days' then max_value end)::DOUBLE   as max_days
    from ref_value_limits
),

dispositions as (
    select disposition as known_disposition, disposition_group as known_group from main.dispositions
),

-- values as written: trimmed (dates and numbers also full-width folded), NULL when empty
folded as (
    select
        r.sha256,
        r.file_path,
        r.row_number,
        f.court_code                                    as folder_court,
        f.export_date,
        r._malformed,
        v_text(r.case_number)                           as case_number_text,
        v_fold(r.filing_date)                           as filing_text,
        v_fold(r.closing_date)                          as closing_text,
        v_fold(r.extension_days)                        as extension_text,
        v_fold(r.excluded_days)                         as excluded_text,
        v_text(r.origin_case_number)                    as origin_text,
        v_fold(r.amount_claimed)                        as claimed_text,
        v_fold(r.amount_recovered)                      as recovered_text,
        v_fold(r.updated_at)                            as updated_text,
        r.case_number                                   as case_number_raw,
        r.disposition                                   as disposition_raw,
        r.cause                                         as cause_raw,
        r.procedure                                     as procedure_raw,
        r.division                                      as division_raw,
        r.judge                                         as judge_raw,
        r.court_name                                    as court_name_raw
    from raw_rows r
    join files f using (sha256)
),

-- the case numbers' standard-pattern matches, computed once per row
matched as (
    select
        *,
        cn_match(case_number_raw)                       as cn_m,
        cn_match(origin_text)                           as origin_m
    from folded
),

parsed as (
    select
        *,
        cn_m_valid(case_number_raw, cn_m)               as cn_valid,
        cn_m_style(case_number_raw, cn_m)               as cn_style,
        cn_m_year(case_number_raw, cn_m)                as cn_year,
        cn_m_court_code(case_number_raw, cn_m)          as cn_court_code,
        cn_m_specialized(case_number_raw, cn_m)         as cn_specialized,
        cn_m_case_type(case_number_raw, cn_m)           as cn_case_type,
        cn_m_normalized(case_number_raw, cn_m)          as cn_normalized,
        v_timestamp(filing_text)::DATE                  as filing_parsed,
        v_timestamp(closing_text)::DATE                 as closing_parsed,
        v_days(extension_text)                          as extension_parsed,
        v_days(excluded_text)                           as excluded_parsed,
        cn_m_valid(origin_text, origin_m)               as origin_valid,
        cn_m_normalized(origin_text, origin_m)          as origin_normalized,
        v_amount(claimed_text)                          as claimed_parsed,
        v_amount(recovered_text)                        as recovered_parsed,
        v_number(claimed_text)                          as claimed_number,
        v_number(recovered_text)                        as recovered_number,
        v_number(extension_text)                        as extension_number,
        v_number(excluded_text)                         as excluded_number,
        v_timestamp(updated_text)                       as updated_parsed
    from matched
),

-- vocabulary: normalized on distinct values (NFKC, Traditional→Simplified; judges only NFKC)
worded as (
    select
        p.*,
        disp.value                                      as disposition,
        cause.value                                     as cause,
        proc.value                                      as procedure,
        divi.value                                      as division,
        judge.value                                     as judge,
        cname.value                                     as court_name
    from parsed p
    left join vocab disp  on disp.field  = 'disposition' and disp.raw  = p.disposition_raw
    left join vocab cause on cause.field = 'cause'       and cause.raw = p.cause_raw
    left join vocab proc  on proc.field  = 'procedure'   and proc.raw  = p.procedure_raw
    left join vocab divi  on divi.field  = 'division'    and divi.raw  = p.division_raw
    left join vocab judge on judge.field = 'judge'       and judge.raw = p.judge_raw
    left join vocab cname on cname.field = 'court_name'  and cname.raw = p.court_name_raw
),

-- Reading: dates before the People's Republic (1949-10-01) count as unreadable.
dated as (
    select
        *,
        case when filing_parsed >= DATE '1949-10-01' then filing_parsed end   as filing_date,
        case when closing_parsed >= DATE '1949-10-01' then closing_parsed end as closing_date,
        exists (
            select 1 from court_names n
            where n.court_code = worded.folder_court and n.name = worded.court_name
        )                                               as court_name_matches,
        exists (
            select 1 from court_names n
            where n.court_code <> worded.folder_court and n.name = worded.court_name
        )                                               as court_name_other_court
    from worded
),

checked as (
    select
        dated.*,
        known_group,
        list_filter([
            case when _malformed is not null then 'malformed_row' end,
            case when case_number_text is null or filing_text is null then 'missing_required' end,
            case when case_number_text is not null and not cn_valid then 'invalid_case_number' end,
            -- Reading: legacy numbers carry no court code; they take the folder's court.
            -- A 法院名称 that names another registered court rejects the row; a name the
            -- registry does not know is only a warning when the case number's court code
            -- vouches for the folder (a name form to add to reference/court_names.csv).
            case when (cn_valid and cn_style = 'standard' and cn_court_code <> folder_court)
                      or (court_name is not null and not court_name_matches
                          and (court_name_other_court
                               or not (cn_valid and cn_style = 'standard' and cn_court_code = folder_court)))
                 then 'court_mismatch' end,
            -- a valid legacy number whose type is not one the warehouse counts
            case when cn_valid and cn_case_type is null then 'unknown_case_type' end,
            case when filing_text is not null and filing_date is null then 'unparseable_filing_date' end,
            case when closing_text is not null and closing_date is null then 'unparseable_closing_date' end,
            case when filing_date > export_date or closing_date > export_date then 'future_date' end,
            case when closing_date < filing_date then 'closing_before_filing' end,
            case when extension_number < 0 or excluded_number < 0 then 'negative_days' end,
            case when extension_number > max_days or excluded_number > max_days then 'days_out_of_range' end,
            case when (extension_text is not null and extension_parsed is null
                       and not coalesce(extension_number > max_days or extension_number < 0, false))
                      or (excluded_text is not null and excluded_parsed is null
                          and not coalesce(excluded_number > max_days or excluded_number < 0, false))
                 then 'unparseable_days' end,
            case when claimed_number < 0 or recovered_number < 0 then 'negative_amount' end,
            -- larger than the configured cap, or too large for DECIMAL(18,2): never NULLed
            case when claimed_number > max_amount or recovered_number > max_amount
                      or (claimed_number is not null and claimed_parsed is null and claimed_number >= 0)
                      or (recovered_number is not null and recovered_parsed is null and recovered_number >= 0)
                 then 'amount_out_of_range' end
        ], lambda x: x is not null)                     as reasons,
        list_filter([
            case when dated.disposition is not null and known_disposition is null then 'unknown_disposition' end,
            case when court_name is not null and not court_name_matches and not court_name_other_court
                      and cn_valid and cn_style = 'standard' and cn_court_code = folder_court
                 then 'unknown_court_name' end,
            case when origin_text is not null and not origin_valid then 'invalid_origin_case_number' end,
            case when claimed_text is not null and claimed_number is null then 'unparseable_amount_claimed' end,
            case when recovered_text is not null and recovered_number is null then 'unparseable_amount_recovered' end,
            case when updated_text is not null and updated_parsed is null then 'unparseable_updated_at' end
        ], lambda x: x is not null)                     as warnings
    from dated
    cross join limits
    left join dispositions on known_disposition = dated.disposition
),

final as (
    select
        sha256,
        file_path,
        row_number,
        export_date,
        cn_normalized                                   as case_number,
        folder_court                                    as court_code,
        cn_year                                         as case_year,
        cn_case_type                                    as case_type,
        cn_specialized                                  as specialized,
        cause,
        procedure,
        filing_date,
        closing_date,
        disposition,
        case when disposition is not null then coalesce(known_group, 'other') end as disposition_group,
        judge,
        division,
        coalesce(extension_parsed, 0)                   as extension_days,
        coalesce(excluded_parsed, 0)                    as excluded_days,
        origin_normalized                               as origin_case_number,
        claimed_parsed                                  as amount_claimed,
        recovered_parsed                                as amount_recovered,
        updated_parsed                                  as updated_at,
        reasons,
        warnings
    from checked
)

select * from final
