-- matter-ratio macros: the ONE definition of 案件比 (docs/matter_ratio.md), shared by
--   court_quarter_matter_ratio.sql — periods = the quarters,
--   court_ytd_matter_ratio.sql     — periods = Jan 1 … the quarter's end,
--   warehouse/explain.py           — the families behind a number.
--
-- matter_ratio_facts(periods): one row per period × case of a counted family: the
-- family's root is an originating case (case_families.originating) filed in the period,
-- and the case was filed on or before the period's end (the as-of date of the figure).
-- `periods` is the NAME of a relation with quarter, period_start, period_end.
create or replace temp macro matter_ratio_facts(periods) as table
with period_bounds as (
    select quarter, period_start::date as period_start, period_end::date as period_end
    from query_table(periods)
),

-- the families of the courts being rebuilt (every court unless a run narrows it:
-- warehouse.models.set_courts); their members may be of any court
roots as (
    select p.quarter, p.period_start, p.period_end, f.root_case_number, f.court_code
    from scoped_families f
    join period_bounds p on f.root_filing_date between p.period_start and p.period_end
    where f.originating
),

members as (
    select
        c.case_number,
        coalesce(l.root_case_number, c.case_number) as root_case_number,
        c.filing_date,
        l.link_kind
    from main.cases c
    left join main.case_links l on l.case_number = c.case_number
)

select
    r.quarter,
    r.period_start,
    r.period_end,
    r.court_code,
    r.root_case_number,
    m.case_number,
    m.case_number = r.root_case_number       as is_root,
    case when m.case_number <> r.root_case_number then m.link_kind end as link_kind,
    m.filing_date
from roots r
join members m
  on m.root_case_number = r.root_case_number
 and m.filing_date <= r.period_end;


-- court_matter_ratio(periods): one row per registered court × period (and per other
-- court that has counted families) with every column of court_quarter_matter_ratio.
create or replace temp macro court_matter_ratio(periods) as table
with period_bounds as (
    select quarter, period_start::date as period_start, period_end::date as period_end
    from query_table(periods)
),

facts as (
    select * from matter_ratio_facts(periods)
),

per_family as (
    select
        quarter,
        court_code,
        root_case_number,
        count(*) filter (where not is_root) as derived
    from facts
    group by all
),

counts as (
    select
        f.quarter,
        f.court_code,
        count(*) filter (where is_root)                                    as matters,
        count(*) filter (where not is_root)                                as derived_cases,
        count(*) filter (where link_kind = 'appeal')                       as derived_appeal,
        count(*) filter (where link_kind = 'retrial_review')               as derived_retrial_review,
        count(*) filter (where link_kind = 'retrial')                      as derived_retrial,
        count(*) filter (where link_kind = 'enforcement')                  as derived_enforcement,
        count(*) filter (where link_kind = 'enforcement_restoration')      as derived_enforcement_restoration,
        count(*) filter (where link_kind = 'enforcement_review')           as derived_enforcement_review,
        count(*) filter (where link_kind = 'other')                        as derived_other
    from facts f
    group by all
),

with_derived as (
    select quarter, court_code, count(*) filter (where derived > 0) as matters_with_derived
    from per_family
    group by all
),

-- the courts with counted families, plus (one anti-join) every other registered court
-- with zeros: nothing is aggregated for a court without cases
frame as (
    select k.court_code, k.quarter, p.period_start, p.period_end
    from counts k
    join period_bounds p using (quarter)
    union all
    select c.court_code, p.quarter, p.period_start, p.period_end
    from scoped_courts c
    cross join period_bounds p
    anti join counts k on k.court_code = c.court_code and k.quarter = p.quarter
)

select
    fr.court_code,
    fr.quarter,
    fr.period_start,
    fr.period_end,
    coalesce(k.matters, 0)                                  as matters,
    coalesce(k.matters, 0) + coalesce(k.derived_cases, 0)   as case_numbers,
    coalesce(k.derived_cases, 0)                            as derived_cases,
    (coalesce(k.matters, 0) + coalesce(k.derived_cases, 0))::double / nullif(k.matters, 0) as matter_ratio,
    coalesce(k.derived_appeal, 0)                           as derived_appeal,
    coalesce(k.derived_retrial_review, 0)                   as derived_retrial_review,
    coalesce(k.derived_retrial, 0)                          as derived_retrial,
    coalesce(k.derived_enforcement, 0)                      as derived_enforcement,
    coalesce(k.derived_enforcement_restoration, 0)          as derived_enforcement_restoration,
    coalesce(k.derived_enforcement_review, 0)               as derived_enforcement_review,
    coalesce(k.derived_other, 0)                            as derived_other,
    coalesce(w.matters_with_derived, 0)                     as matters_with_derived,
    w.matters_with_derived::double / nullif(k.matters, 0)   as derived_matter_share
from frame fr
left join counts k on k.court_code = fr.court_code and k.quarter = fr.quarter
left join with_derived w on w.court_code = fr.court_code and w.quarter = fr.quarter;
