-- severity: error
-- fix: A bug in warehouse/sql/case_links.sql: rebuild case_links; report it with the examples if it persists.
-- Every link resolves to a root that is a case of the warehouse, and a root is reached
-- without a known origin above it unless the chain is a cycle. After a refresh, for the
-- links it replaced (in_written: checks/registry.py), which hold every case whose root
-- can have moved or left.
select l.case_number, l.root_case_number, l.in_cycle
from main.case_links l
left join main.cases c on c.case_number = l.root_case_number
left join main.case_links up on up.case_number = l.root_case_number
where in_written(l.case_number)
  and (c.case_number is null or (not l.in_cycle and up.origin_status = 'known'))
