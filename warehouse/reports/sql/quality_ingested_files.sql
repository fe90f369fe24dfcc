-- Every file of ingested_files, for the workbook's data-quality sheet.
select f.*, coalesce(c.short_name, f.court_code) as short_name
from ingested_files f
left join courts c using (court_code)
order by f.court_code, f.file_path
