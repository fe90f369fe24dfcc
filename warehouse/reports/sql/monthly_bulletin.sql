-- 月通报: per court, the month's 收结存 and rates and the year to date, from the same
-- per-case definitions as court_quarter_performance (macros court_performance and
-- performance_case_facts in warehouse/sql/macros/performance.sql), computed for two
-- periods: 'month' (the month) and 'ytd' (Jan 1 to the month's end). Overdue and
-- long-pending counts are as of the month's last day.
-- Courts listed: those of the peer groups in which some court has cases in the year to
-- date (every court when none has), as in the quarterly bulletin (bulletin_courts.sql):
-- the page grows with the data, not with the registry; the courts left out have only
-- zeros, so the totals are unchanged.
-- Input: temp table report_periods(quarter, period_start, period_end) with the labels
-- 'month' and 'ytd' (warehouse/reports/monthly.py).
with performance as (
    select *
    from court_performance('report_periods')
    where category = 'all'
),

overdue as (
    select court_code, count(*) as overdue_pending
    from performance_case_facts('report_periods')
    where quarter = 'month' and is_overdue_pending_end
    group by court_code
),

month as (
    select * from performance where quarter = 'month'
),

ytd as (
    select * from performance where quarter = 'ytd'
),

groups_with_cases as (
    select distinct coalesce(c.peer_group, '-') as peer_group
    from ytd y
    left join courts c using (court_code)
    where y.carried_over + y.received > 0
),

final as (
    select
        m.court_code,
        coalesce(c.short_name, m.court_code)    as short_name,
        c.peer_group,
        m.carried_over,
        m.received,
        m.closed,
        m.pending_end,
        m.closure_rate,
        m.closure_to_filing_ratio,
        m.closed_with_limit,
        m.closed_within_limit,
        m.within_limit_rate,
        m.avg_duration_days,
        y.carried_over                          as ytd_carried_over,
        y.received                              as ytd_received,
        y.closed                                as ytd_closed,
        y.closure_rate                          as ytd_closure_rate,
        y.closed_with_limit                     as ytd_closed_with_limit,
        y.closed_within_limit                   as ytd_closed_within_limit,
        y.within_limit_rate                     as ytd_within_limit_rate,
        coalesce(o.overdue_pending, 0)          as overdue_pending,
        m.long_pending_12m
    from month m
    join ytd y using (court_code)
    left join overdue o using (court_code)
    left join courts c using (court_code)
    where coalesce(c.peer_group, '-') in (select peer_group from groups_with_cases)
       or not exists (select 1 from groups_with_cases)
)

select * from final
order by peer_group, court_code
