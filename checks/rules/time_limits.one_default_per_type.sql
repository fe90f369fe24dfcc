-- severity: error
-- fix: Edit warehouse/reference/time_limits.csv so the case type in the examples has exactly one default procedure, then re-materialize time_limits.
-- Each case type has exactly one default procedure, the fallback of the time-limit lookup.
select case_type, count(*) filter (where is_default) as defaults
from time_limits
group by case_type
having count(*) filter (where is_default) <> 1
