-- affected/case_links: the earliest date from which a 案件比 figure can differ because
-- case_links changed (warehouse/affected.py; NULL when none can), and the courts whose
-- figures can (a family counts for its root's court; NULL when a root's court is not
-- known). Inputs: temp tables links_scope(case_number), the cases whose rows were
-- refreshed, case_links_before, their rows before the refresh, and cases_before (the
-- rows of the refreshed cases before their refresh); main.case_links holds their rows
-- after it.
--
-- A case counts in a family's figure for a period only if it was filed by the period's
-- end (warehouse/sql/macros/matter_ratio.sql), so a case whose link changed — another
-- root, link kind or origin status, a link gained or lost — moves the quarters from its
-- filing quarter, old and new. Changes of a root's own row (its filing date, court, type)
-- are changes of `cases` (affected/cases.sql).
with compared as (
    select case_number, filing_date, origin_case_number, origin_status, link_kind, root_case_number, in_cycle
    from case_links_before
),

now as (
    select case_number, filing_date, origin_case_number, origin_status, link_kind, root_case_number, in_cycle
    from main.case_links
    where case_number in (select case_number from links_scope)
),

changed as (
    (select * from compared except select * from now)
    union all
    (select * from now except select * from compared)
),

-- the court of each root, old or new: a root that left `cases` in this build is in cases_before
root_courts as (
    select case_number as root_case_number, court_code from main.cases
    where case_number in (select root_case_number from changed)
    union
    select case_number, court_code from cases_before
    where case_number in (select root_case_number from changed)
),

moved as (
    select c.filing_date as moved_from, r.court_code
    from changed c
    left join root_courts r using (root_case_number)
)

select * from affected_summary('moved')
