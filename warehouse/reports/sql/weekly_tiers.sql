-- The alert tiers as configured for deadline_alerts (ref_alert_thresholds, i.e.
-- warehouse/reference/alert_thresholds.csv), most severe first.
select
    tier_rank::integer                  as tier_rank,
    tier::varchar                       as tier,
    min_days_remaining::integer         as min_days_remaining,
    max_days_remaining::integer         as max_days_remaining,
    elapsed_share_numerator::integer    as elapsed_share_numerator,
    elapsed_share_denominator::integer  as elapsed_share_denominator
from ref_alert_thresholds
order by tier_rank
