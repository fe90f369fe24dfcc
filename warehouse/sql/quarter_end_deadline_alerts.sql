-- quarter_end_deadline_alerts: the deadline alerts as of each quarter's last day, one row
-- per quarter in params_quarters × pending case with a limit in an alert tier (most severe
-- tier only). Tier 超期 (tier_rank 1) is the overdue list the quarterly bulletin prints.
-- The list is the macro deadline_alerts_at (warehouse/sql/macros/as_of_lists.sql)
-- evaluated at period_end; tiers from warehouse/reference/alert_thresholds.csv.
with quarter_ends as (
    select quarter, period_end::date as as_of_date
    from params_quarters
),

final as (
    select q.quarter, a.*
    from deadline_alerts_at('quarter_ends') a
    join quarter_ends q using (as_of_date)
)

select * from final
