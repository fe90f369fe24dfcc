-- affected/case_links: the earliest date from which a 案件比 figure can differ because
-- case_links changed (warehouse/affected.py; NULL when none can). Inputs: temp tables
-- links_scope(case_number), the cases whose rows were refreshed, and case_links_before,
-- their rows before the refresh; main.case_links holds their rows after it.
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
)

select min(filing_date) as affected_from from changed
