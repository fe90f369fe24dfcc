-- severity: error
-- fix: Add the court in the examples to the court registry (warehouse/reference/courts/<registry>.csv or COURTS_REGISTRY), then run ingest_job again.
-- Every case version belongs to a registered court.
select court_code, count(*) as versions, min(file_path) as example_file
from main.case_versions
where court_code not in (select court_code from main.courts)
group by court_code
