-- severity: error
-- tables: court_quarter_matter_ratio, court_ytd_matter_ratio
-- fix: A bug in warehouse/sql/macros/matter_ratio.sql or a partial write: rebuild the listed quarters.
-- 案 = 件 + derived cases; derived cases = the sum of the kinds; disputes with a derived
-- case ≤ 件 and ≤ derived cases; each rate equals its numerator / denominator
-- (docs/matter_ratio.md).
select court_code, quarter, matters, case_numbers, derived_cases, matter_ratio,
       matters_with_derived, derived_matter_share
from {table}
where case_numbers <> matters + derived_cases
   or derived_cases <> derived_appeal + derived_retrial_review + derived_retrial + derived_enforcement
                       + derived_enforcement_restoration + derived_enforcement_review + derived_other
   or matters_with_derived > matters
   or matters_with_derived > derived_cases
   or (matters = 0) <> (matter_ratio is null)
   or (matters = 0) <> (derived_matter_share is null)
   or abs(matter_ratio - case_numbers / matters) > 1e-9
   or abs(derived_matter_share - matters_with_derived / matters) > 1e-9
