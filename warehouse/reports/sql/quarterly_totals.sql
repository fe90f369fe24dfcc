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
        sum(r.avg_duration_days * r.closed) filter (where r.avg_duration_days is not null)
            / nullif(sum(r.closed) filter (where r.avg_duration_days is not null), 0) as avg_duration_days
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
        closed::double / nullif(carried_over + received, 0)          as closure_rate,
        closed::double / nullif(received, 0)                         as closure_to_filing_ratio,
        closed_within_limit::double / nullif(closed_with_limit, 0)   as within_limit_rate,
        long_pending_12m::double / nullif(pending_end, 0)            as long_pending_12m_share,
        avg_duration_days
    from summed
)

select * from final
