-- long_pending_cases: for every as-of date D in params_as_of, the cases pending at D
-- that were filed more than 12 calendar months before D, with the largest tier that
-- applies (the CTE is not named as_of_dates: the macro has its own, and the Spark
-- translation inlines both into one query). The list is defined once in the macro long_pending_at
-- (warehouse/sql/macros/as_of_lists.sql), shared with quarter_end_long_pending.
with requested_dates as (
    select as_of_date from params_as_of
),

final as (
    select * from long_pending_at('requested_dates')
)

select * from final
