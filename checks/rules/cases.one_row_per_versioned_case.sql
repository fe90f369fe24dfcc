-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/cases.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- cases holds exactly the case numbers of case_versions, each with its version count.
-- After a refresh, for the cases it replaced (in_written: checks/registry.py); the others'
-- rows and versions did not change.
with counted as (
    select case_number, count(*) as n from main.case_versions where in_written(case_number) group by case_number
)
select coalesce(c.case_number, v.case_number) as case_number, c.versions, v.n as in_case_versions
from (select * from main.cases where in_written(case_number)) c
full join counted v on v.case_number = c.case_number
where c.case_number is null or v.case_number is null or c.versions <> v.n
