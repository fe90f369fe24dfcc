-- severity: error
-- fix: A bug in warehouse/sql/case_families.sql or a stale case_links: rebuild case_links, then case_families.
-- No case is dropped or counted twice: every case's root (its case_links root, else the
-- case itself) is a family, and each family's `cases` equals its members. After a
-- refresh, for the families it replaced (in_written: checks/registry.py): their members
-- are the cases linked to them and the roots themselves.
with members as (
    select coalesce(l.root_case_number, c.case_number) as root_case_number, count(*) as n
    from main.cases c
    left join main.case_links l on l.case_number = c.case_number
    where (in_written(c.case_number)
           or c.case_number in (select case_number from main.case_links where in_written(root_case_number)))
      and in_written(coalesce(l.root_case_number, c.case_number))
    group by all
)
select coalesce(m.root_case_number, f.root_case_number) as root_case_number,
       m.n as members, f.cases as family_cases
from members m
full join (select * from main.case_families where in_written(root_case_number)) f
  on f.root_case_number = m.root_case_number
where m.n is distinct from f.cases
