-- Prefecture totals of the `all` rows for the bulletin's summary: the quarter, the
-- previous quarter, the same quarter last year, and the year to date (this year and
-- last). Rates are recomputed from the summed counts (not averaged over courts); the
-- mean duration is weighted by closed cases.
-- Parameters: $quarter, $previous_quarter, $last_year_quarter.
with periods as (
    select 'quarter' as period, $quarter as quarter, 'court_quarter_performance' as source
    union all select 'previous', $previous_quarter, 'court_quarter_performance'
    union all select 'last_year', $last_year_quarter, 'court_quarter_performance'
    union all select 'ytd', $quarter, 'court_ytd_performance'
    union all select 'ytd_last_year', $last_year_quarter, 'court_ytd_performance'
),

rows as (
    select 'court_quarter_performance' as source, * from court_quarter_performance where category = 'all'
    union all by name
    select 'court_ytd_performance' as source, * from court_ytd_performance where category = 'all'
),

summed as (
    select
        p.period,
        count(r.court_code)                                 as courts,
        sum(r.carried_over)                                 as carried_over,
        sum(r.received)                                     as received,
        sum(r.closed)                                       as closed,
        sum(r.pending_end)                                  as pending_end,
        sum(r.closed_with_limit)                            as closed_with_limit,
        sum(r.closed_within_limit)                          as closed_within_limit,
        sum(r.long_pending_12m)                             as long_pending_12m,
        avg_duration_days_over(r.avg_duration_days, r.closed) as avg_duration_days
    from periods p
    left join rows r on r.source = p.source and r.quarter = p.quarter
    group by p.period
),

final as (
    select
        period,
        courts,
        carried_over,
        received,
        closed,
        pending_end,
        closed_with_limit,
        closed_within_limit,
        long_pending_12m,
        closure_rate_of(closed, carried_over, received)              as closure_rate,
        closure_to_filing_ratio_of(closed, received)                 as closure_to_filing_ratio,
        within_limit_rate_of(closed_within_limit, closed_with_limit) as within_limit_rate,
        long_pending_12m_share_of(long_pending_12m, pending_end)     as long_pending_12m_share,
        avg_duration_days
    from summed
)

select * from final
