-- severity: warn
-- fix: Correct the 原审案号 of the listed cases in the court's export (one of them names a case derived from itself); the next delivery replaces them.
-- Cases whose chain of origins meets a case twice (原审案号 pointing back into its own
-- family): the chain is cut where it repeats, the family root is the cycle's smallest
-- case number; the export's origin numbers need correcting.
select case_number, origin_case_number, root_case_number, depth
from main.case_links
where in_cycle
