-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/case_parties.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Parties belong to a case of the cases table.
select case_number, count(*) as parties
from main.case_parties
where case_number not in (select case_number from main.cases)
group by case_number
