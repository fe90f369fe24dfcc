-- case_families: one row per family of linked cases (a dispute and everything derived
-- from it), identified by its root case (docs/matter_ratio.md). Every case of `cases`
-- belongs to exactly one family: its case_links root, or itself when it names no origin.
-- Built whole (`models.rebuild`) or for the families in scope (`models.refresh`: the
-- roots, old and new, of the cases whose links or rows changed; assets/core.py).
with cases as (
    select case_number, court_code, case_year, case_type, instance, filing_date, closing_date
    from main.cases
),

members as (
    select
        c.*,
        coalesce(l.root_case_number, c.case_number)  as root_case_number,
        coalesce(l.depth, 0)                         as depth,
        l.link_kind,
        l.origin_status,
        coalesce(l.in_cycle, false)                  as in_cycle
    from cases c
    left join main.case_links l on l.case_number = c.case_number
    -- every family in a whole rebuild, the families in scope in a refresh (models.refresh)
    where in_model_scope(coalesce(l.root_case_number, c.case_number))
),

roots as (
    select
        m.case_number as root_case_number,
        m.court_code,
        m.case_year,
        m.case_type   as root_case_type,
        m.filing_date as root_filing_date,
        case
            when m.in_cycle then 'cycle'
            when m.origin_status = 'unknown' then 'unknown_origin'
            when m.origin_status = 'malformed' then 'malformed_origin'
            else 'no_origin'
        end           as root_reason,
        -- 件: a root that names no origin and is a first-instance case, or a first
        -- enforcement (执) of a non-litigation instrument
        m.origin_status is null and (m.instance = 'first' or m.case_type = '执') as originating
    from members m
    where m.case_number = m.root_case_number
),

sizes as (
    select
        root_case_number,
        count(*)                                                         as cases,
        count(*) filter (where case_number <> root_case_number)          as derived_cases,
        count(*) filter (where case_number <> root_case_number and link_kind = 'appeal')                  as appeal,
        count(*) filter (where case_number <> root_case_number and link_kind = 'retrial_review')          as retrial_review,
        count(*) filter (where case_number <> root_case_number and link_kind = 'retrial')                 as retrial,
        count(*) filter (where case_number <> root_case_number and link_kind = 'enforcement')             as enforcement,
        count(*) filter (where case_number <> root_case_number and link_kind = 'enforcement_restoration') as enforcement_restoration,
        count(*) filter (where case_number <> root_case_number and link_kind = 'enforcement_review')      as enforcement_review,
        count(*) filter (where case_number <> root_case_number and link_kind = 'other')                   as other_derived,
        count(distinct court_code)                                       as courts,
        min(filing_date)                                                 as first_filing_date,
        max(closing_date)                                                as last_closing_date,
        count(*) filter (where closing_date is null)                     as pending_cases,
        max(depth)::integer                                              as depth
    from members
    group by root_case_number
),

final as (
    select r.*, s.* exclude (root_case_number)
    from roots r
    join sizes s using (root_case_number)
)

select * from final
