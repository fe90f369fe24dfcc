-- judge_quarter_performance: one row per court × judge × quarter for the quarters in
-- params_quarters, for every judge with a case received, closed or pending in the
-- quarter (i.e. any case active in it). The case flags are the ones of the court tables
-- (macro performance_case_facts), so a judge's counts add up to the court's.
-- Rates carry Wilson 95 % intervals (macros/wilson.sql) like the court rankings; a judge
-- is ranked in the court only with at least judge_min_sample closed cases with a limit
-- (warehouse/reference/indicators.csv, within_limit_rate) and among at least
-- min_peer_group such judges (warehouse/reference/ranking_rules.csv: rank 1 of 1 compares
-- nothing), else unranked_reason says why.
with judge_sample as (
    select coalesce(max(try_cast(cast(judge_min_sample as varchar) as integer)), 0) as min_sample
    from ref_indicators
    where trim(cast(indicator as varchar)) = 'within_limit_rate'
),

peers as (
    select coalesce(max(try_cast(trim(cast(value as varchar)) as integer))
                    filter (where trim(cast(setting as varchar)) = 'min_peer_group'), 3) as min_peers
    from ref_ranking_rules
),

quarters as (
    select quarter, period_start, period_end
    from params_quarters
),

facts as (
    select *
    from performance_case_facts('quarters')
    where judge is not null
),

by_judge as (
    select
        court_code,
        judge,
        quarter,
        count(*) filter (where is_received)              as received,
        count(*) filter (where is_closed)                as closed,
        count(*) filter (where is_pending_end)           as pending_end,
        count(*) filter (where is_closed_with_limit)     as closed_with_limit,
        count(*) filter (where is_closed_within_limit)   as closed_within_limit,
        avg(duration_days) filter (where is_closed)      as avg_duration_days,
        count(*) filter (where is_long_pending_12m)      as long_pending_12m,
        -- pending at the quarter's end and past its deadline (end > deadline_date)
        count(*) filter (where is_overdue_pending_end)   as overdue_pending,
        count(*) filter (where is_civil_first_closed)    as civil_first_closed,
        count(*) filter (where is_mediation_withdrawal)  as mediation_withdrawal
    from facts
    group by court_code, judge, quarter
),

rated as (
    select
        *,
        within_limit_rate_of(closed_within_limit, closed_with_limit) as within_limit_rate,
        mediation_withdrawal::double / nullif(civil_first_closed, 0) as mediation_withdrawal_rate,
        case
            when closed_with_limit = 0 then 'no_value'
            when closed_with_limit < (select min_sample from judge_sample) then 'small_sample'
        end as unranked_reason
    from by_judge
),

compared as (
    select * replace (
        case when unranked_reason is null and count(*) filter (where unranked_reason is null)
                  over (partition by court_code, quarter) < (select min_peers from peers)
             then 'few_peers' else unranked_reason end as unranked_reason)
    from rated
),

final as (
    select
        court_code,
        judge,
        quarter,
        received,
        closed,
        pending_end,
        closed_with_limit,
        closed_within_limit,
        within_limit_rate,
        wilson_low(closed_within_limit::double, closed_with_limit::double)   as within_limit_ci_low,
        wilson_high(closed_within_limit::double, closed_with_limit::double)  as within_limit_ci_high,
        avg_duration_days,
        long_pending_12m,
        overdue_pending,
        civil_first_closed,
        mediation_withdrawal,
        mediation_withdrawal_rate,
        wilson_low(mediation_withdrawal::double, civil_first_closed::double)  as mediation_withdrawal_ci_low,
        wilson_high(mediation_withdrawal::double, civil_first_closed::double) as mediation_withdrawal_ci_high,
        unranked_reason,
        -- standard competition rank (1, 2, 2, 4), best rate first; rates equal to 6
        -- decimals tie, as in court_quarter_rankings; among the judges with at least the
        -- minimum sample only (a judge with one case at 100 % is not level with one with 94)
        case when unranked_reason is null then
            rank() over (
                partition by court_code, quarter, unranked_reason is null
                order by round(within_limit_rate, 6) desc nulls last
            )
        end as rank_in_court
    from compared
)

select * from final
