-- court_quarter_rankings: one row per quarter × court × ranked indicator (plus
-- `composite`) over the `all` rows of court_quarter_performance, ranked within the
-- court's peer group (spec/warehouse.md "court_quarter_rankings"; docs/ranking.md).
--
-- Inputs: court_quarter_performance (`all` rows, with the counts behind each rate),
-- courts (peer groups).
-- Parameters: params_quarters (the quarters to write); configuration:
-- ref_ranking_weights, ref_indicator_ranges, ref_peer_groups (warehouse/reference/*.csv).
-- The previous quarter's and last year's rankings are recomputed here from
-- court_quarter_performance, never read back from this table's own history, so a
-- quarter can be rebuilt alone and gives the same rows.

with

-- ---------------------------------------------------------------- import CTEs

target_quarters as (
    select quarter, period_start, period_end
    from params_quarters
),

performance as (
    select *
    from court_quarter_performance
    where category = 'all'
),

registry as (
    select court_code, peer_group
    from courts
),

weights_file as (
    select
        row_number() over () + 1            as file_row,   -- line in the file (header = 1)
        trim(cast(indicator as varchar))    as indicator,
        trim(cast(weight as varchar))       as weight_text
    from ref_ranking_weights
),

ranges_file as (
    select
        row_number() over () + 1                        as file_row,
        trim(cast(indicator as varchar))                as indicator,
        nullif(trim(cast(range_low as varchar)), '')    as low_text,
        nullif(trim(cast(range_high as varchar)), '')   as high_text
    from ref_indicator_ranges
),

peer_groups_file as (
    select
        row_number() over () + 1                        as file_row,
        trim(cast(court_code as varchar))               as court_code,
        nullif(trim(cast(peer_group as varchar)), '')   as peer_group
    from ref_peer_groups
),

-- ---------------------------------------------------------------- logic CTEs

-- The ranked indicators and their direction are the spec's list (not configuration);
-- `is_rate` marks the binomial proportions that get a Wilson interval.
indicators as (
    select * from (values
        ('within_limit_rate',                'higher_better', true,  1),
        ('closure_rate',                     'higher_better', true,  2),
        ('closure_to_filing_ratio',          'higher_better', false, 3),
        ('avg_duration_days',                'lower_better',  false, 4),
        ('long_pending_12m_share',           'lower_better',  true,  5),
        ('mediation_withdrawal_rate',        'higher_better', true,  6),
        ('first_instance_acceptance_rate',   'higher_better', true,  7),
        ('reversed_remanded_rate',           'lower_better',  true,  8),
        ('enforcement_recovery_rate',        'higher_better', false, 9),
        ('enforcement_completion_rate',      'higher_better', true,  10),
        ('first_enforcement_no_assets_rate', 'lower_better',  true,  11),
        ('disposition_time_days',            'lower_better',  false, 12),
        ('composite',                        'higher_better', false, 13)
    ) as t(indicator, direction, is_rate, sort_order)
),

-- Configuration problems stop the build with the file, row and reason (see `final`).
config_errors as (
    select 'ranking_weights.csv row ' || file_row || ': unknown indicator ' || coalesce(indicator, '(empty)') as message
    from weights_file
    where indicator is null or indicator not in (select indicator from indicators where indicator <> 'composite')
    union all
    select 'ranking_weights.csv row ' || file_row || ': weight ' || coalesce(weight_text, '(empty)') || ' is not a number ≥ 0'
    from weights_file
    where try_cast(weight_text as double) is null or try_cast(weight_text as double) < 0
    union all
    select 'ranking_weights.csv row ' || file_row || ': indicator ' || indicator || ' is listed more than once'
    from weights_file
    qualify count(*) over (partition by indicator) > 1
    union all
    select 'indicator_ranges.csv row ' || file_row || ': unknown indicator ' || coalesce(indicator, '(empty)')
    from ranges_file
    where indicator is null or indicator not in (select indicator from indicators)
    union all
    select 'indicator_ranges.csv row ' || file_row || ': range bound ' || coalesce(low_text, '') || '/' || coalesce(high_text, '') || ' is not a number'
    from ranges_file
    where (low_text is not null and try_cast(low_text as double) is null)
       or (high_text is not null and try_cast(high_text as double) is null)
    union all
    select 'indicator_ranges.csv row ' || file_row || ': range_low ' || low_text || ' is above range_high ' || high_text
    from ranges_file
    where try_cast(low_text as double) > try_cast(high_text as double)
    union all
    select 'indicator_ranges.csv row ' || file_row || ': indicator ' || indicator || ' is listed more than once'
    from ranges_file
    qualify count(*) over (partition by indicator) > 1
    union all
    select 'peer_groups.csv row ' || file_row || ': court ' || coalesce(court_code, '(empty)') || ' is not a registered court'
    from peer_groups_file
    where court_code is null or court_code not in (select court_code from registry)
    union all
    select 'peer_groups.csv row ' || file_row || ': court ' || court_code || ' has no peer_group'
    from peer_groups_file
    where court_code is not null and peer_group is null
    union all
    select 'peer_groups.csv row ' || file_row || ': court ' || court_code || ' is listed more than once'
    from peer_groups_file
    qualify count(*) over (partition by court_code) > 1
),

config_check as (
    select string_agg(message, '; ' order by message) as problems
    from config_errors
),

weights as (
    select i.indicator, coalesce(try_cast(w.weight_text as double), 1.0) as weight
    from indicators i
    left join weights_file w using (indicator)
    where i.indicator <> 'composite'
),

ranges as (
    select
        indicator,
        try_cast(low_text as double)  as range_low,
        try_cast(high_text as double) as range_high
    from ranges_file
    where low_text is not null or high_text is not null
),

-- peer_groups.csv overrides the registry's level:parent group court by court.
peer_assignment as (
    select r.court_code, coalesce(o.peer_group, r.peer_group) as peer_group
    from registry r
    left join peer_groups_file o using (court_code)
),

-- Quarters whose ranking is needed: the targets, the previous quarter of each
-- (previous_rank, previous_value) and the same quarter a year before (last_year_value).
quarter_links as (
    select
        quarter,
        year(period_start - interval 3 month)  || 'Q' || quarter(period_start - interval 3 month)  as previous_quarter,
        year(period_start - interval 12 month) || 'Q' || quarter(period_start - interval 12 month) as last_year_quarter
    from target_quarters
),

needed_quarters as (
    select quarter from quarter_links
    union
    select previous_quarter from quarter_links
    union
    select last_year_quarter from quarter_links
),

indicator_values as (
    select quarter, court_code, indicator, value
    from (
        select
            p.quarter, p.court_code,
            p.within_limit_rate, p.closure_rate, p.closure_to_filing_ratio, p.avg_duration_days,
            p.long_pending_12m_share, p.mediation_withdrawal_rate, p.first_instance_acceptance_rate,
            p.reversed_remanded_rate, p.enforcement_recovery_rate, p.enforcement_completion_rate,
            p.first_enforcement_no_assets_rate, p.disposition_time_days
        from performance p
        where p.quarter in (select quarter from needed_quarters)
    )
    unpivot include nulls (
        value for indicator in (
            within_limit_rate, closure_rate, closure_to_filing_ratio, avg_duration_days,
            long_pending_12m_share, mediation_withdrawal_rate, first_instance_acceptance_rate,
            reversed_remanded_rate, enforcement_recovery_rate, enforcement_completion_rate,
            first_enforcement_no_assets_rate, disposition_time_days
        )
    )
),

-- A court of the performance table that is not in the registry has no peer group;
-- the check court_quarter_rankings.complete reports it.
indicator_rows as (
    select v.quarter, a.peer_group, v.court_code, v.indicator, cast(v.value as double) as value, i.direction
    from indicator_values v
    join peer_assignment a using (court_code)
    join indicators i using (indicator)
),

-- Pass 1: indicator scores, the input of the composite. Reading: scores use the raw
-- values; "all equal" is judged at the tie precision (6 decimals) so that courts that
-- tie in rank also share the score 100.
indicator_group_stats as (
    select
        quarter, peer_group, indicator,
        max(value) as max_value,
        min(value) as min_value
    from indicator_rows
    group by all
),

indicator_scores as (
    select
        r.quarter, r.peer_group, r.court_code, r.indicator,
        case
            when r.value is null then null
            when round(s.max_value, 6) = round(s.min_value, 6) then 100.0
            when r.direction = 'higher_better' then 100.0 * (r.value - s.min_value) / (s.max_value - s.min_value)
            else 100.0 * (s.max_value - r.value) / (s.max_value - s.min_value)
        end as score
    from indicator_rows r
    join indicator_group_stats s using (quarter, peer_group, indicator)
),

-- composite = weighted mean of the court's scores over the indicators it has a value
-- for (weight 0 drops an indicator); NULL when it has none.
composite_rows as (
    select
        s.quarter, s.peer_group, s.court_code,
        'composite' as indicator,
        -- ordered sums: floating-point addition must not depend on thread scheduling,
        -- or a re-run would differ in the last digit
        sum(w.weight * s.score order by s.indicator) filter (where s.score is not null)
            / nullif(sum(w.weight order by s.indicator) filter (where s.score is not null), 0) as value,
        'higher_better' as direction
    from indicator_scores s
    join weights w using (indicator)
    group by all
),

all_rows as (
    select quarter, peer_group, court_code, indicator, value, direction from indicator_rows
    union all
    select quarter, peer_group, court_code, indicator, value, direction from composite_rows
),

-- Pass 2: rank, peer statistics and score for every indicator and the composite.
-- Reading: ties are values equal after round(value, 6) (standard competition rank
-- "1, 2, 2, 4"); NULL values get no rank and are not counted in peer_count.
group_stats as (
    select
        quarter, peer_group, indicator,
        count(value)   as peer_count,
        avg(value order by court_code) as peer_mean,  -- ordered: reproducible to the last digit
        median(value)  as peer_median,
        max(value)     as max_value,
        min(value)     as min_value
    from all_rows
    group by all
),

ranked as (
    select
        r.*,
        s.peer_count, s.peer_mean, s.peer_median,
        case when r.value is not null then
            rank() over (
                partition by r.quarter, r.peer_group, r.indicator, r.value is null
                order by case when r.direction = 'higher_better' then -round(r.value, 6) else round(r.value, 6) end
            )
        end as rank,
        case
            when r.value is null then null
            when round(s.max_value, 6) = round(s.min_value, 6) then 100.0
            when r.direction = 'higher_better' then 100.0 * (r.value - s.min_value) / (s.max_value - s.min_value)
            else 100.0 * (s.max_value - r.value) / (s.max_value - s.min_value)
        end as score
    from all_rows r
    join group_stats s using (quarter, peer_group, indicator)
),

-- Numerators and denominators of the rates: the counts the performance table stores
-- beside each rate (one definition, warehouse/sql/macros/performance.sql). A rule
-- check compares numerator / denominator with the table's value.
rate_counts as (
    select quarter, court_code, indicator, cast(numerator as double) as numerator,
           cast(denominator as double) as denominator
    from performance
    cross join lateral (values
        ('within_limit_rate',                closed_within_limit,                   closed_with_limit),
        ('closure_rate',                     closed,                                carried_over + received),
        ('long_pending_12m_share',           long_pending_12m,                      pending_end),
        ('mediation_withdrawal_rate',        mediation_withdrawal,                  civil_first_closed),
        -- 一审服判息诉率 = 1 − appeal_rate: first-instance closed without an appeal
        ('first_instance_acceptance_rate',   first_instance_closed - appealed,      first_instance_closed),
        ('reversed_remanded_rate',           reversed_remanded,                     first_instance_closed),
        ('enforcement_completion_rate',      enforcement_enforced,                  enforcement_closed),
        ('first_enforcement_no_assets_rate', first_enforcement_no_assets,           first_enforcement_closed)
    ) as r(indicator, numerator, denominator)
    where quarter in (select quarter from target_quarters)
),

-- Wilson score interval, 95 % (z = 1.959963984540054), on numerator / denominator:
-- centre (p + z²/2n) / (1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
wilson as (
    select
        quarter, court_code, indicator, numerator, denominator,
        -- greatest/least skip NULLs: keep the interval NULL when p is (denominator 0).
        case when p is not null then
            greatest(0.0, (p + z2 / (2 * n) - z * sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n))
        end as ci_low,
        case when p is not null then
            least(1.0, (p + z2 / (2 * n) + z * sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n))
        end as ci_high
    from (
        select
            *,
            case when denominator > 0 and numerator between 0 and denominator
                 then numerator / denominator end               as p,
            nullif(denominator, 0)                              as n,
            1.959963984540054                                   as z,
            1.959963984540054 ^ 2                               as z2
        from rate_counts
    )
),

final as (
    select
        cur.quarter,
        cur.peer_group,
        cur.court_code,
        cur.indicator,
        cur.value,
        cur.direction,
        cast(cur.rank as integer)           as rank,
        cast(cur.peer_count as integer)     as peer_count,
        cur.peer_mean,
        cur.peer_median,
        cur.score,
        cast(prev.rank as integer)          as previous_rank,
        cast(prev.rank - cur.rank as integer) as rank_change,
        -- Reading: n = peer_count; only `weakness` needs n ≥ 3.
        case
            when cur.rank is null then null
            when cur.rank <= ceil(cur.peer_count / 3.0) then 'strength'
            when cur.peer_count >= 3 and cur.rank > cur.peer_count - ceil(cur.peer_count / 3.0) then 'weakness'
            else 'middle'
        end                                 as standing,
        rg.range_low,
        rg.range_high,
        case
            when cur.value is null or rg.indicator is null then null
            when cur.value < rg.range_low then 'below'
            when cur.value > rg.range_high then 'above'
            else 'within'
        end                                 as range_status,
        w.numerator,
        w.denominator,
        w.ci_low,
        w.ci_high,
        -- "above"/"below" compare the value with the peer mean (not better/worse).
        case
            when w.ci_low is null or cur.peer_mean is null then null
            when cur.peer_mean between w.ci_low and w.ci_high then 'not_distinguishable'
            when cur.peer_mean < w.ci_low then 'above'
            else 'below'
        end                                 as vs_peer,
        prev.value                          as previous_value,
        cur.value - prev.value              as qoq_change,
        last_year.value                     as last_year_value,
        cur.value - last_year.value         as yoy_change
    from ranked cur
    join quarter_links l on l.quarter = cur.quarter
    left join ranked prev
      on prev.quarter = l.previous_quarter and prev.court_code = cur.court_code and prev.indicator = cur.indicator
    left join ranked last_year
      on last_year.quarter = l.last_year_quarter and last_year.court_code = cur.court_code
     and last_year.indicator = cur.indicator
    left join ranges rg on rg.indicator = cur.indicator
    left join wilson w
      on w.quarter = cur.quarter and w.court_code = cur.court_code and w.indicator = cur.indicator
    cross join config_check chk
    where chk.problems is null
       or error('invalid ranking configuration in warehouse/reference/: ' || chk.problems)
)

select * from final
