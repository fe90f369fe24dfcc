-- court_quarter_performance: one row per court × quarter × category for the quarters in
-- params_quarters (spec/warehouse.md). Every formula lives once in the macro
-- court_performance (warehouse/sql/macros/performance.sql); the quarter's period is
-- [period_start, period_end] of the quarter itself.
with quarters as (
    select quarter, period_start, period_end
    from params_quarters
),

final as (
    select * from court_performance('quarters')
)

select * from final
