-- court_ytd_performance: the same columns and readings as court_quarter_performance for
-- the year to date — Jan 1 to the quarter's end — labelled by the quarter it ends
-- (spec/warehouse.md). Same macro, other periods: days in period = end − Jan 1 + 1.
with ytd_periods as (
    select quarter, year_start as period_start, period_end
    from params_quarters
),

final as (
    select * from court_performance('ytd_periods')
)

select * from final
