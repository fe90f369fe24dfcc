-- affected/cases: the earliest date from which a quarterly mart can differ because the
-- cases in core_scope changed (warehouse/affected.py; NULL when none can), and the courts
-- whose rows of the per-court marts can differ (NULL when one is not known). Inputs:
-- temp tables core_scope(case_number) and cases_before (the rows of those cases before
-- the refresh); main.cases holds their rows after it.
--
-- A case enters a quarter's figures from its filing date on (received, carried over,
-- pending, long-pending and deadline lists, judges), so a change of any column but the
-- closing ones moves every quarter from its filing quarter, old and new. A change of the
-- closing columns only moves the quarters from the earlier of its old and new closing
-- dates: before both, the case was pending at every quarter end either way. The
-- bookkeeping columns (which file, how many versions, when) move no figure. Appeals move
-- their origin's closing quarter (appeal and reversal rates count the origin case closed
-- in the period). Family (案件比) changes are found by comparing case_links
-- (affected/case_links.sql).
with before as (
    select * from cases_before
),

after as (
    select * from main.cases
    where case_number in (select case_number from core_scope)
),

-- every column but the closing and bookkeeping ones
lifetime_before as (
    select * exclude (closing_date, disposition, disposition_group, closed_within_limit, duration_days,
                      amount_recovered, first_file, last_file, last_row_number, updated_at, versions)
    from before
),

lifetime_after as (
    select * exclude (closing_date, disposition, disposition_group, closed_within_limit, duration_days,
                      amount_recovered, first_file, last_file, last_row_number, updated_at, versions)
    from after
),

-- the closing columns
closing_before as (
    select case_number, closing_date, disposition, disposition_group, closed_within_limit, duration_days,
           amount_recovered
    from before
),

closing_after as (
    select case_number, closing_date, disposition, disposition_group, closed_within_limit, duration_days,
           amount_recovered
    from after
),

-- a difference in those columns, a new or a gone case (rows in one side only)
lifetime_changed as (
    select case_number from (select * from lifetime_before except select * from lifetime_after)
    union
    select case_number from (select * from lifetime_after except select * from lifetime_before)
),

closing_changed as (
    select case_number from (select * from closing_before except select * from closing_after)
    union
    select case_number from (select * from closing_after except select * from closing_before)
),

changed as (
    select case_number from lifetime_changed
    union
    select case_number from closing_changed
),

-- each date a figure can move from, with the court whose figures it moves
moved as (
    select filing_date as moved_from, court_code
    from before where case_number in (select case_number from lifetime_changed)
    union all
    select filing_date, court_code from after where case_number in (select case_number from lifetime_changed)
    union all
    select least(b.closing_date, a.closing_date), court_code
    from before b
    join after a using (case_number, court_code)
    where case_number in (select case_number from closing_changed)
      and case_number not in (select case_number from lifetime_changed)
    union all
    -- the origin of a changed appeal (民终/刑终/行终, as in macros/performance.sql), old or
    -- new: its court's appeal and reversal figures of its closing quarter
    select o.closing_date, o.court_code
    from main.cases o
    where o.case_number in (
        select origin_case_number from before
        where case_number in (select case_number from changed) and case_type in ('民终', '刑终', '行终')
        union
        select origin_case_number from after
        where case_number in (select case_number from changed) and case_type in ('民终', '刑终', '行终')
    )
)

select * from affected_summary('moved')
