-- quarter_end_long_pending: the long-pending list the quarterly bulletin prints, one row
-- per quarter in params_quarters × case pending at the quarter's last day and filed more
-- than 12 calendar months before it. The list is the macro long_pending_at
-- (warehouse/sql/macros/as_of_lists.sql) evaluated at period_end, so its count per court
-- equals long_pending_12m of court_quarter_performance (category all).
with quarter_ends as (
    select quarter, period_end::date as as_of_date
    from params_quarters
),

final as (
    select q.quarter, l.*
    from long_pending_at('quarter_ends') l
    join quarter_ends q using (as_of_date)
)

select * from final
