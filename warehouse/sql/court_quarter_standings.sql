-- court_quarter_standings: the indicators each court's profile in the quarterly bulletin
-- lists, for the quarters in params_quarters: 优势指标 (standing = strength), 弱势指标
-- (standing = weakness) and 合理区间外 (range_status below/above), one row per list an
-- indicator is on. Everything is read from court_quarter_rankings, where the standing and
-- range status are decided (a value outside its range is never a strength there); the
-- composite score is shown on its own, not listed. Rows without a value are not listed.
with quarters as (
    select quarter from params_quarters
),

indicator_order as (
    select indicator::varchar as indicator, sort_order::integer as sort_order
    from ref_indicators
),

ranked as (
    select r.*, o.sort_order
    from court_quarter_rankings r
    join quarters q using (quarter)
    join indicator_order o using (indicator)
    where r.indicator <> 'composite'
      and r.value is not null
),

listed as (
    select *, 'strength' as list_kind from ranked where standing = 'strength'
    union all
    select *, 'weakness' as list_kind from ranked where standing = 'weakness'
    union all
    select *, 'outside_range' as list_kind from ranked where range_status in ('below', 'above')
),

final as (
    select
        quarter,
        court_code,
        indicator,
        list_kind,
        sort_order,
        value,
        rank,
        peer_count,
        range_low,
        range_high,
        range_status,
        denominator,
        ci_low,
        ci_high,
        vs_peer
    from listed
)

select * from final
