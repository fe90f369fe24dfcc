-- severity: error
-- fix: Add the case type in the examples to warehouse/reference/case_types.csv, then rebuild cases.
-- Every case has a case type of the case_types table (and so a category and instance).
select case_type, count(*) as cases, min(case_number) as example_case, min(last_file) as example_file
from main.cases
where case_type is null or case_type not in (select case_type from main.case_types)
   or category is null or instance is null
group by case_type
