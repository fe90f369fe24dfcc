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
with recursive

-- the origin as written in the case's winning version: a malformed 原审案号 is NULL in
-- cases (warning invalid_origin_case_number) but is still a link to report. Versions with
-- a 原审案号 are found first, apart from `cases`: on a first build `cases` holds no
-- committed rows, and a plan that joined it first ran out of memory at 5.7 M cases under
-- a 2 GB memory_limit (bench/bench_run.py) instead of spilling.
written as materialized (
    select
        v.file_path,
        v.row_number,
        nullif(trim(r.origin_case_number), '') as origin_text
    from main.case_versions v
    join raw.case_rows r
      on r.sha256 = v.sha256 and r.row_number = v.row_number
    where in_model_scope(v.case_number)
      and nullif(trim(r.origin_case_number), '') is not null
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
        o.court_code                                     as origin_court_code,
        coalesce(k.link_kind, 'other')                   as link_kind,
        case
            when c.origin_case_number is null then 'malformed'
            when o.case_number is null then 'unknown'
            else 'known'
        end                                              as origin_status
    from main.cases c
    left join written w on w.file_path = c.last_file and w.row_number = c.last_row_number
    left join main.cases o on o.case_number = c.origin_case_number
    left join ref_link_kinds k on k.case_type = c.case_type
    where (c.origin_case_number is not null or w.origin_text is not null)
      and in_model_scope(c.case_number)
),

-- every link between two known cases, in scope or not: the walk follows them all. Two
-- columns only: a refresh of a few cases must not hold the whole of `cases` in memory
-- (it did, as a materialized CTE, and ran out of memory at 5.7 M cases under 2 GB).
edges as materialized (
    select c.case_number, c.origin_case_number
    from main.cases c
    semi join main.cases o on o.case_number = c.origin_case_number
),

walk as (
    select case_number as start, case_number as node, [case_number] as path, false as looped
    from linked
    union all
    select w.start, e.origin_case_number, list_append(w.path, e.origin_case_number),
           list_contains(w.path, e.origin_case_number)
    from walk w
    join edges e on e.case_number = w.node
    where not w.looped
),

-- the last step of each walk: its node is the root, or (looped) the case met twice
last_step as (
    select start, arg_max({'node': node, 'path': path, 'looped': looped}, len(path)) as s
    from walk
    group by start
),

resolved as (
    select
        start as case_number,
        s.looped as in_cycle,
        case when s.looped
            -- the cycle: from the first visit of the repeated case to the step before it
            then list_min(s.path[list_position(s.path, s.node) : len(s.path) - 1])
            else s.node
        end as root_case_number,
        s.path
    from last_step
),

final as (
    select
        l.case_number,
        l.court_code,
        l.case_type,
        l.filing_date,
        l.origin_text,
        l.origin_case_number,
        l.origin_status,
        l.origin_status = 'known'                                as origin_known,
        l.origin_court_code,
        l.link_kind,
        r.root_case_number,
        (list_position(r.path, r.root_case_number) - 1)::integer as depth,
        r.in_cycle
    from linked l
    join resolved r on r.case_number = l.case_number
)

select * from final
