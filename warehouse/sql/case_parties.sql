-- case_parties: the parties of each case from its winning version's raw row (personal
-- data: only here and in raw.case_rows), split on ；/; with their position in the list.
-- Names are trimmed, never converted. Built whole (`models.rebuild`) or for the cases in
-- scope (`models.refresh`: the cases with versions from files loaded since the last build).

with cases as (
    select case_number, last_file, last_row_number from main.cases
    where in_model_scope(case_number)
),

versions as (
    select case_number, file_path, row_number, sha256 from main.case_versions
),

raw_rows as (
    select sha256, row_number, parties from raw.case_rows
),

winners as (
    select c.case_number, string_split_regex(r.parties, '[；;]') as names
    from cases c
    join versions v
        on v.case_number = c.case_number
       and v.file_path = c.last_file
       and v.row_number = c.last_row_number
    join raw_rows r
        on r.sha256 = v.sha256
       and r.row_number = v.row_number
    where r.parties is not null
),

exploded as (
    select
        case_number,
        v_text(unnest(names))                                 as party,
        generate_subscripts(names, 1)                         as listed
    from winners
),

final as (
    select
        case_number,
        party,
        row_number() over (partition by case_number order by listed)::INTEGER as position
    from exploded
    where party is not null
)

select * from final
