-- severity: error
-- fix: A bug in warehouse/sql/case_families.sql or a stale case_links: rebuild case_links, then case_families.
-- No case is dropped or counted twice: every case's root (its case_links root, else the
-- case itself) is a family, and each family's `cases` equals its members.
with members as (
    select coalesce(l.root_case_number, c.case_number) as root_case_number, count(*) as n
    from main.cases c
    left join main.case_links l on l.case_number = c.case_number
    group by all
)
select coalesce(m.root_case_number, f.root_case_number) as root_case_number,
       m.n as members, f.cases as family_cases
from members m
full join main.case_families f on f.root_case_number = m.root_case_number
where m.n is distinct from f.cases
