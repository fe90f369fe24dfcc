-- court_ytd_matter_ratio: the same columns and readings as court_quarter_matter_ratio for
-- the year to date — disputes whose root was filed Jan 1 … the quarter's end, derived
-- cases filed by the quarter's end — labelled by the quarter it ends.
with ytd_periods as (
    select quarter, year_start as period_start, period_end
    from params_quarters
),

final as (
    select * from court_matter_ratio('ytd_periods')
)

select * from final
