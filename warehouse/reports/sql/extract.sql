-- One extract (warehouse/reports/extracts.py): every row of a published table for the
-- report, its published columns, in the order the report lists them. Run inside the
-- report's court scope, so it is what SQL on the analysts' copy returns for those courts.
-- `{table}`, `{columns}`, `{where}`, `{order}` are filled from the Extract declarations
-- (code, never user input). Parameters: the quarter when `{where}` names it.
select {columns}
from {table}
where {where}
order by {order}
