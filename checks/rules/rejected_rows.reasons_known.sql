-- severity: error
-- fix: Add the reason code in the examples to warehouse/reference/reject_reasons.csv, or fix the reader that produced it; then run ingest_job again.
-- Every rejected row has at least one reason, and every reason is a known row code
-- (warehouse/reference/reject_reasons.csv).
select file_path, row_number, reasons
from main.rejected_rows
where len(reasons) = 0
   or not list_has_all((select list(reason) from ref_reject_reasons where kind = 'row'), reasons)
