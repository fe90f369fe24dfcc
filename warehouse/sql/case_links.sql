-- case_links: one row per case that names an origin case (原审案号), with the kind of
-- link, whether the origin is a case of the warehouse, and the root of the case's family.
-- Definitions: docs/matter_ratio.md.
--
-- The family root is found by walking origin links upward (recursive CTE over links whose
-- origin is known) to any depth. Cycle protection: the walk carries the path it has
-- visited and stops at the first case it would visit twice; every case of a cycle (and
-- every case leading into one) gets the same root, the smallest case number in the cycle.
-- So no case loops and no case is dropped; cycles, unknown and malformed origins are
-- reported by the warn checks of case_links.
--
-- Built whole (`models.rebuild`) or for the cases in scope (`models.refresh`: the cases
-- that changed and every case derived from them, whose roots may have moved; the walk
-- follows every edge, but starts only from those; assets/core.py).
--
-- Three statements (`models.statements`): the links between known cases and the roots
-- go to temp tables first, then the rows. As one statement, the walk, the links and the
-- origin texts were held in memory together and ran out of memory at 17 M cases under a
-- 2 GB memory_limit (bench/bench_run.py); apart, each stays within it or spills.

-- every link between two known cases, in scope or not (the walk follows them all), with
-- the origin's court
create or replace temp table case_links_edges as
select c.case_number, c.origin_case_number, o.court_code as origin_court_code
from main.cases c
join main.cases o on o.case_number = c.origin_case_number;

-- the root of each case in scope whose origin is a known case. The walk keeps one row per
-- start (USING KEY): each step replaces its start's row, so the row left when the walk
-- stops is its last step, whose node is the root, or (looped) the case met twice. It holds
-- those rows in memory, so it runs in parts of the starts (`in_model_part`, models.PARTS).
create or replace temp table case_links_roots as
with recursive walk(start, node, path, looped) using key (start) as (
    select case_number, case_number, [case_number], false
    from case_links_edges
    where in_model_scope(case_number) and in_model_part(case_number)
    union
    select w.start, e.origin_case_number, list_append(w.path, e.origin_case_number),
           list_contains(w.path, e.origin_case_number)
    from walk w
    join case_links_edges e on e.case_number = w.node
    where not w.looped
)
select
    start as case_number,
    looped as in_cycle,
    case when looped
        -- the cycle: from the first visit of the repeated case to the step before it
        then list_min(path[list_position(path, node) : len(path) - 1])
        else node
    end as root_case_number,
    path
from walk;

with

-- the origin as written in the case's winning version (raw rows are unique by file and
-- row): a malformed 原审案号 is NULL in cases (warning invalid_origin_case_number) but is
-- still a link to report
written as (
    select r.file_path, r.row_number, nullif(trim(r.origin_case_number), '') as origin_text
    from raw.case_rows r
    where nullif(trim(r.origin_case_number), '') is not null
),

-- the rows to write: the cases in scope that name an origin
linked as (
    select
        c.case_number,
        c.court_code,
        c.case_type,
        c.filing_date,
        coalesce(w.origin_text, c.origin_case_number)    as origin_text,
        c.origin_case_number,
        e.origin_court_code,
        coalesce(k.link_kind, 'other')                   as link_kind,
        case
            when c.origin_case_number is null then 'malformed'
            when e.case_number is null then 'unknown'
            else 'known'
        end                                              as origin_status
    from main.cases c
    left join written w on w.file_path = c.last_file and w.row_number = c.last_row_number
    left join case_links_edges e on e.case_number = c.case_number
    left join ref_link_kinds k on k.case_type = c.case_type
    where (c.origin_case_number is not null or w.origin_text is not null)
      and in_model_scope(c.case_number)
),

-- a case whose origin is unknown or malformed is its own root
final as (
    select
        l.case_number,
        l.court_code,
        l.case_type,
        l.filing_date,
        l.origin_text,
        l.origin_case_number,
        l.origin_status,
        l.origin_status = 'known'                                            as origin_known,
        l.origin_court_code,
        l.link_kind,
        coalesce(r.root_case_number, l.case_number)                          as root_case_number,
        coalesce(list_position(r.path, r.root_case_number) - 1, 0)::integer  as depth,
        coalesce(r.in_cycle, false)                                          as in_cycle
    from linked l
    left join case_links_roots r on r.case_number = l.case_number
)

select * from final
