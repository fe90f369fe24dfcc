-- severity: error
-- fix: Add the case type in the examples to warehouse/reference/case_types.csv (or correct the exporting court's case type), then run ingest_job again.
-- Every case version has a case type of the case_types table.
select case_type, count(*) as versions, min(file_path) as example_file, min(case_number) as example_case
from main.case_versions
where case_type is null or case_type not in (select case_type from main.case_types)
group by case_type
