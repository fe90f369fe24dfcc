-- How each unit's basic courts are spread on each indicator of court_quarter_rankings
-- (the same declared indicators as the bulletin): courts with a value, median, and the
-- worst decile (10th percentile of a higher-is-better indicator, 90th of a
-- lower-is-better one), plus the unit's worst basic court on it.
-- Input: temp table issuer_courts. Parameters: $issuer, $quarter.
with units as (
    select c.court_code as unit_code
    from courts c
    join issuer_courts i on i.issuer_code = $issuer and i.court_code = c.court_code
    where c.court_code <> $issuer
      and (case when $issuer = '全国' then c.level = 'high' else c.parent_code = $issuer end)
),

values as (
    select u.unit_code, r.indicator, r.direction, r.value, r.court_code, b.short_name
    from units u
    join issuer_courts m on m.issuer_code = u.unit_code
    join courts b on b.court_code = m.court_code and b.level = 'basic'
    join court_quarter_rankings r on r.court_code = m.court_code and r.quarter = $quarter
    where r.value is not null and r.indicator <> 'composite'
),

final as (
    select
        unit_code,
        indicator,
        any_value(direction)                                            as direction,
        count(*)                                                        as courts,
        median(value)                                                   as median,
        case when any_value(direction) = 'higher_better' then quantile_cont(value, 0.1)
             else quantile_cont(value, 0.9) end                         as worst_decile,
        case when any_value(direction) = 'higher_better' then arg_min(short_name, value)
             else arg_max(short_name, value) end                        as worst_court
    from values
    group by unit_code, indicator
)

select * from final
order by indicator, unit_code
