-- court_quarter_matter_ratio: 案件比 per originating court × quarter for the quarters in
-- params_quarters. The formula lives once in the macro court_matter_ratio
-- (warehouse/sql/macros/matter_ratio.sql, defined in docs/matter_ratio.md): disputes
-- whose root was filed in the quarter, derived cases filed by the quarter's end.
with quarters as (
    select quarter, period_start, period_end
    from params_quarters
),

final as (
    select * from court_matter_ratio('quarters')
)

select * from final
