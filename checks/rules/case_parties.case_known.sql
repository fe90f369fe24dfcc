-- severity: error
-- Parties belong to a case of the cases table.
select case_number, count(*) as parties
from main.case_parties
where case_number not in (select case_number from main.cases)
group by case_number
