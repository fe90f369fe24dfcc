-- Indicator values of the `all` rows for the trend charts: the quarters from
-- $first_quarter to $quarter that are in the warehouse, one row per quarter × court,
-- plus the composite from court_quarter_rankings.
-- Parameters: $first_quarter, $quarter.
with performance as (
    select *
    from court_quarter_performance
    where category = 'all' and quarter between $first_quarter and $quarter
),

composite as (
    select quarter, court_code, value as composite
    from court_quarter_rankings
    where indicator = 'composite' and quarter between $first_quarter and $quarter
),

final as (
    select
        p.quarter, p.court_code,
        p.within_limit_rate, p.closure_rate, p.closure_to_filing_ratio, p.avg_duration_days,
        p.long_pending_12m_share, p.mediation_withdrawal_rate, p.first_instance_acceptance_rate,
        p.reversed_remanded_rate, p.enforcement_recovery_rate, p.enforcement_completion_rate,
        p.first_enforcement_no_assets_rate, p.disposition_time_days,
        c.composite
    from performance p
    left join composite c using (quarter, court_code)
)

select * from final
order by quarter, court_code
