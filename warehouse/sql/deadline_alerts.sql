-- deadline_alerts: for every as-of date D in params_as_of, the pending cases with a
-- statutory limit that fall in an alert tier, in the most severe tier only. Defined once
-- in the macro deadline_alerts_at (warehouse/sql/macros/as_of_lists.sql), shared with
-- quarter_end_deadline_alerts; tiers from warehouse/reference/alert_thresholds.csv.
with requested_dates as (
    select as_of_date from params_as_of
),

final as (
    select * from deadline_alerts_at('requested_dates')
)

select * from final
