-- severity: warn
-- fix: Add the parent court in the examples to the registry CSV (warehouse/reference/courts/), or use a registry that lists it (COURTS_REGISTRY); reports still run without it.
-- Every parent court is itself registered (a registry for one prefecture may name its
-- high court without listing it).
select c.court_code, c.parent_code
from courts c
where c.parent_code is not null
  and c.parent_code not in (select court_code from courts)
  and c.level <> 'intermediate'
