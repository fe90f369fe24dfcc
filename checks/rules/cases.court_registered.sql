-- severity: error
-- fix: Add the court in the examples to the court registry (warehouse/reference/courts/<registry>.csv or COURTS_REGISTRY), then rebuild cases.
-- Every case belongs to a registered court.
select court_code, count(*) as cases, min(case_number) as example_case, min(last_file) as example_file
from main.cases
where court_code not in (select court_code from main.courts)
group by court_code
