-- The units of a province or national overview: the courts directly below the issuer
-- (a high court's intermediate courts, i.e. its prefectures; the national issuer's high
-- courts, i.e. the provinces), each with every court it covers (issuer_courts of the
-- unit; a court that issues nothing is a unit of itself). Per unit, the quarter's totals
-- of the `all` rows: counts summed, rates recomputed from the sums, mean duration
-- weighted by closed cases.
-- Input: temp table issuer_courts. Parameters: $issuer, $quarter.
with units as (
    select c.court_code as unit_code, c.short_name as unit_name, c.level as unit_level
    from courts c
    join issuer_courts i on i.issuer_code = $issuer and i.court_code = c.court_code
    where c.court_code <> $issuer
      and (case when $issuer = '全国' then c.level = 'high' else c.parent_code = $issuer end)
),

members as (
    select u.unit_code, coalesce(m.court_code, u.unit_code) as court_code
    from units u
    left join issuer_courts m on m.issuer_code = u.unit_code
),

summed as (
    select
        m.unit_code,
        count(*)                                                        as courts,
        count(*) filter (where p.carried_over + p.received > 0)         as courts_with_data,
        sum(p.carried_over)                                             as carried_over,
        sum(p.received)                                                 as received,
        sum(p.closed)                                                   as closed,
        sum(p.pending_end)                                              as pending_end,
        sum(p.closed_with_limit)                                        as closed_with_limit,
        sum(p.closed_within_limit)                                      as closed_within_limit,
        sum(p.long_pending_12m)                                         as long_pending_12m,
        avg_duration_days_over(p.avg_duration_days, p.closed)           as avg_duration_days
    from members m
    left join court_quarter_performance p
        on p.court_code = m.court_code and p.quarter = $quarter and p.category = 'all'
    group by m.unit_code
),

final as (
    select
        u.unit_code,
        u.unit_name,
        u.unit_level,
        s.courts,
        s.courts_with_data,
        s.carried_over,
        s.received,
        s.closed,
        s.pending_end,
        s.long_pending_12m,
        closure_rate_of(s.closed, s.carried_over, s.received)               as closure_rate,
        closure_to_filing_ratio_of(s.closed, s.received)                    as closure_to_filing_ratio,
        within_limit_rate_of(s.closed_within_limit, s.closed_with_limit)    as within_limit_rate,
        long_pending_12m_share_of(s.long_pending_12m, s.pending_end)        as long_pending_12m_share,
        s.avg_duration_days
    from units u
    join summed s using (unit_code)
)

select * from final
order by unit_code
