-- severity: error
-- Each case type has exactly one default procedure, the fallback of the time-limit lookup.
select case_type, count(*) filter (where is_default) as defaults
from time_limits
group by case_type
having count(*) filter (where is_default) <> 1
