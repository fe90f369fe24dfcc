-- One quarterly table's rows for the workbook, with the court's short name.
-- `{table}` is one of the declared quarterly tables (filled from warehouse/tables.py,
-- never from user input). Parameters: $quarter.
select t.*, coalesce(c.short_name, t.court_code) as short_name
from {table} t
left join courts c using (court_code)
where t.quarter = $quarter
order by t.court_code, t.category <> 'all', t.category
