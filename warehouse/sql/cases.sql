-- cases: one row per case, its latest state, with its statutory deadline and duration.
-- Built from case_versions (one aggregate pass: no sort of the versions): whole
-- (`models.rebuild`), or for the cases in scope only (`models.refresh`: in_model_scope).
-- A case's row depends on its own versions and the reference tables, nothing else.
-- Needs the cn_* macros (warehouse.casenumber.register_sql) for the origin of 再 cases.

with versions as (
    select * from main.case_versions
    where in_model_scope(case_number)
),

case_types as (
    select case_type, category, instance from main.case_types
),

time_limits as (
    select * from main.time_limits
),

-- Reading (export-format.md): the row with the latest 更新时间 wins, then the latest
-- export date, then the latest row in the file; versions without 更新时间 lose to those
-- with one. The file path breaks the remaining ties (two files of one export date).
-- One aggregate pass picks the winner's key, a join fetches its columns.
winners as (
    select
        case_number,
        arg_max(
            {'sha256': sha256, 'row_number': row_number},
            {
                'updated_at': coalesce(updated_at, '-infinity'::TIMESTAMP),
                'export_date': coalesce(export_date, '-infinity'::DATE),
                'file_path': file_path,
                'row_number': row_number
            }
        )                                                     as winner,
        count(*)                                              as version_count,
        -- first_file: the file of the earliest version (export date, then path, then row)
        arg_min(
            file_path,
            {
                'export_date': coalesce(export_date, 'infinity'::DATE),
                'file_path': file_path,
                'row_number': row_number
            }
        )                                                     as first_file
    from versions
    group by case_number
),

typed as (
    select
        v.*,
        w.version_count,
        w.first_file,
        ct.category,
        ct.instance
    from winners w
    join versions v
        on v.sha256 = w.winner.sha256
       and v.row_number = w.winner.row_number
    left join case_types ct on ct.case_type = v.case_type
),

-- Reading (time-limits.md): a retrial (民再/刑再/行再) takes the limit of the instance
-- retried: 二审程序 when the origin case is a second-instance case, else 一审程序.
-- Other types look up their exported procedure and fall back to the type's default.
origins as (
    select
        *,
        case when instance = 'retrial'
             then cn_m_case_type(origin_case_number, cn_match(origin_case_number)) end as origin_type
    from typed
),

lookup as (
    select
        o.*,
        case
            when o.instance = 'retrial' then
                case when origin_case_type.instance = 'second' then '二审程序' else '一审程序' end
            else o.procedure
        end                                                   as limit_procedure
    from origins o
    left join case_types origin_case_type on origin_case_type.case_type = o.origin_type
),

limited as (
    select
        l.*,
        coalesce(exact.limit_value, dflt.limit_value)         as limit_value,
        coalesce(exact.limit_unit, dflt.limit_unit)           as limit_unit,
        coalesce(exact.limit_label, dflt.limit_label)         as limit_label
    from lookup l
    left join time_limits exact
        on exact.case_type = l.case_type and exact.procedure = l.limit_procedure
    left join time_limits dflt
        on dflt.case_type = l.case_type and dflt.is_default
),

-- deadline = filing date + limit (calendar months clamp to the month's end: 2024-01-31 +
-- 1 month = 2024-02-29; day limits do not count the filing day) + extension + excluded days
deadlines as (
    select
        *,
        (case limit_unit
            when 'month' then (filing_date + to_months(limit_value))::DATE
            when 'day' then filing_date + limit_value
         end) + extension_days + excluded_days                 as deadline_date
    from limited
),

final as (
    select
        case_number,
        court_code,
        case_year,
        case_type,
        specialized,
        category,
        instance,
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
        limit_label,
        deadline_date,
        case when closing_date is not null and deadline_date is not null
             then closing_date <= deadline_date end            as closed_within_limit,
        (closing_date - filing_date - excluded_days)::INTEGER  as duration_days,
        origin_case_number,
        amount_claimed,
        amount_recovered,
        first_file,
        file_path                                              as last_file,
        row_number                                             as last_row_number,
        updated_at,
        version_count                                          as versions
    from deadlines
)

select * from final
