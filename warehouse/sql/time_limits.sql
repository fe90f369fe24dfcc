-- time_limits: statutory limits per case type and procedure (reference/time_limits.csv).
select
    case_type,
    coalesce(procedure, '') as procedure,
    is_default::boolean     as is_default,
    limit_value::integer    as limit_value,
    limit_unit,
    limit_label,
    source
from ref_time_limits
