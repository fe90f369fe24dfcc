-- court_quarter_rankings: one row per quarter × court × ranked indicator (plus
-- `composite`) over the `all` rows of court_quarter_performance, ranked within the
-- court's peer group (spec/warehouse.md "court_quarter_rankings"; docs/ranking.md).
--
-- Inputs: court_quarter_performance (`all` rows, with the counts behind each rate),
-- courts (peer groups).
-- Parameters: params_quarters (the quarters to write); configuration:
-- ref_indicators (warehouse/reference/indicators.csv: the ONE declaration of every
-- indicator — kind, target, counts behind it, minimum sample), ref_indicator_ranges (the
-- reasonable ranges chosen by COURTS_RANGES), ref_ranking_weights (COURTS_WEIGHTS),
-- ref_ranking_rules (minimum peer group, tolerance), ref_peer_groups.
-- The previous quarter's and last year's rankings are recomputed here from
-- court_quarter_performance, never read back from this table's own history, so a
-- quarter can be rebuilt alone and gives the same rows.
--
-- Assessment (docs/ranking.md): every indicator is ranked by its "badness" — −value
-- (higher_better), value (lower_better), or the distance from the reasonable range
-- (target_range; 0 inside, |value − target| when no range is configured), rounded to
-- 6 decimals, the tie precision: equal badness ties, and tied courts share rank, score,
-- range_status and standing (the range is judged on the value rounded the same way). A
-- court is ranked only when its value is not NULL, its denominator reaches the
-- indicator's min_sample, its peer group has at least min_peer_group courts and at least
-- min_peer_group of them can be ranked (rank 1 of 1 is no comparison: `few_peers`);
-- otherwise rank, score and standing are NULL and unranked_reason says why. A value
-- outside its range is never a `strength`. Labels (vs_peer, range_status) compare with
-- the stated tolerance, never raw float order.

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

declared as (
    select
        trim(cast(indicator as varchar))                       as indicator,
        trim(cast(direction as varchar))                       as direction,
        try_cast(cast(target as varchar) as double)            as target,
        trim(cast(unit as varchar)) = 'rate'                   as is_rate,
        lower(trim(cast(ranked as varchar))) = 'true'          as ranked,
        nullif(trim(cast(numerator as varchar)), '')           as numerator,
        nullif(trim(cast(denominator as varchar)), '')         as denominator,
        try_cast(cast(min_sample as varchar) as integer)       as min_sample,
        try_cast(cast(sort_order as varchar) as integer)       as sort_order
    from ref_indicators
),

rules_file as (
    select trim(cast(setting as varchar)) as setting, trim(cast(value as varchar)) as value_text
    from ref_ranking_rules
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

indicators as (
    select * from declared where ranked
),

rules as (
    select
        coalesce(max(try_cast(value_text as integer)) filter (where setting = 'min_peer_group'), 3) as min_peer_group,
        coalesce(max(try_cast(value_text as double)) filter (where setting = 'tolerance'), 1e-9)  as tolerance
    from rules_file
),

-- Configuration problems stop the build with the file, row and reason (see `final`).
config_errors as (
    select 'indicators.csv: indicator ' || indicator || ' has direction ' || coalesce(direction, '(empty)')
           || ' (higher_better, lower_better or target_range)' as message
    from declared
    where direction is null or direction not in ('higher_better', 'lower_better', 'target_range')
    union all
    select 'ranking_rules.csv: ' || setting || ' value ' || coalesce(value_text, '(empty)') || ' is not a number ≥ 0'
    from rules_file
    where setting in ('min_peer_group', 'tolerance')
      and (try_cast(value_text as double) is null or try_cast(value_text as double) < 0)
    union all
    select 'ranking_weights.csv row ' || file_row || ': unknown indicator ' || coalesce(indicator, '(empty)')
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
    select 'indicator ranges row ' || file_row || ': unknown indicator ' || coalesce(indicator, '(empty)')
    from ranges_file
    where indicator is null or indicator not in (select indicator from indicators)
    union all
    select 'indicator ranges row ' || file_row || ': range bound ' || coalesce(low_text, '') || '/' || coalesce(high_text, '') || ' is not a number'
    from ranges_file
    where (low_text is not null and try_cast(low_text as double) is null)
       or (high_text is not null and try_cast(high_text as double) is null)
    union all
    select 'indicator ranges row ' || file_row || ': range_low ' || low_text || ' is above range_high ' || high_text
    from ranges_file
    where try_cast(low_text as double) > try_cast(high_text as double)
    union all
    select 'indicator ranges row ' || file_row || ': indicator ' || indicator || ' is listed more than once'
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

-- Courts per peer group (registered courts, whatever their values).
group_sizes as (
    select peer_group, count(*) as group_size
    from peer_assignment
    group by all
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

-- Cost follows the data, not the registry. Every registered court has an `all` row, but
-- a court without cases in a quarter has every ranked indicator NULL and every other
-- number 0: it is ranked on nothing and changes no peer statistic, and all such courts
-- of a quarter have the same numbers. So the indicators are computed for the other
-- courts and for one stand-in per quarter (the smallest such court code); the rest copy
-- their stand-in's rows (`filled`) with their own group, group size and that group's
-- peer statistics. (Plain SQL, so that Spark runs it unchanged.)
row_numbers as (
    select
        quarter,
        court_code,
        count(n) filter (where col in (select indicator from indicators))               as ranked_values,
        coalesce(max(abs(n)) filter (where col not in (select indicator from indicators)), 0) as largest_other
    from (
        select p.* exclude (category, period_start, period_end)
        from performance p
        where quarter in (select quarter from needed_quarters)
    )
    unpivot include nulls (n for col in (columns(* exclude (quarter, court_code))))
    group by quarter, court_code
),

row_profiles as (
    select
        quarter,
        court_code,
        ranked_values = 0 and largest_other = 0                                  as blank,
        min(case when ranked_values = 0 and largest_other = 0 then court_code end)
            over (partition by quarter)                                          as stand_in
    from row_numbers
),

computed_keys as (
    select quarter, court_code
    from row_profiles
    where not blank or court_code = stand_in
),

-- Every numeric column of the computed performance rows, long: the indicator values and
-- the counts the declaration names as numerator and denominator.
performance_long as (
    select quarter, court_code, col, n
    from (
        select p.* exclude (category, period_start, period_end)
        from performance p
        join computed_keys k using (quarter, court_code)
    )
    unpivot include nulls (n for col in (columns(* exclude (quarter, court_code))))
),

-- numerator / denominator of the declaration: sums and differences of count columns
-- ("first_instance_closed-appealed", "carried_over+received").
count_terms as (
    select indicator, part,
           case when starts_with(term, '-') then -1 else 1 end as sign,
           ltrim(term, '+-') as col
    from (
        select indicator, 'numerator' as part, unnest(regexp_extract_all(numerator, '[+-]?[a-z_0-9]+')) as term
        from indicators
        union all
        select indicator, 'denominator', unnest(regexp_extract_all(denominator, '[+-]?[a-z_0-9]+'))
        from indicators
    )
),

indicator_counts as (
    select
        l.quarter, l.court_code, t.indicator,
        sum(t.sign * l.n) filter (where t.part = 'numerator')   as numerator,
        sum(t.sign * l.n) filter (where t.part = 'denominator') as denominator
    from count_terms t
    join performance_long l using (col)
    group by all
),

-- A court of the performance table that is not in the registry has no peer group;
-- the check court_quarter_rankings.complete reports it.
indicator_rows as (
    select
        v.quarter, a.peer_group, v.court_code, i.indicator, cast(v.n as double) as value,
        i.direction, i.is_rate, i.min_sample, i.target, rg.range_low, rg.range_high,
        i.numerator is not null as has_counts, c.numerator, c.denominator, gs.group_size
    from performance_long v
    join indicators i on i.indicator = v.col
    join peer_assignment a using (court_code)
    join group_sizes gs using (peer_group)
    left join ranges rg on rg.indicator = i.indicator
    left join indicator_counts c
      on c.quarter = v.quarter and c.court_code = v.court_code and c.indicator = i.indicator
),

-- Why a court is not ranked on an indicator (NULL = ranked).
eligibility as (
    select
        r.*,
        case
            when r.group_size < (select min_peer_group from rules) then 'small_group'
            when r.value is null then 'no_value'
            when r.min_sample is not null and coalesce(r.denominator, 0) < r.min_sample then 'small_sample'
        end as unranked_reason,
        -- lower is better; target_range: distance from the range (0 inside), or from
        -- the target when no range is configured. At the tie precision (6 decimals), so
        -- that courts tied on rank also share their score.
        round(case r.direction
            when 'higher_better' then -r.value
            when 'lower_better' then r.value
            else case
                when r.range_low is null and r.range_high is null then abs(r.value - r.target)
                else greatest(r.range_low - r.value, r.value - r.range_high, 0.0)
            end
        end, 6) as badness
    from indicator_rows r
),

-- Fewer than min_peer_group courts of the group left to rank (the others without a value
-- or below min_sample): none is ranked, and no score reaches the composite.
compared as (
    select * replace (
        case when unranked_reason is null and count(*) filter (where unranked_reason is null)
                  over (partition by quarter, peer_group, indicator) < (select min_peer_group from rules)
             then 'few_peers' else unranked_reason end as unranked_reason)
    from eligibility
),

-- Pass 1: indicator scores of the ranked courts, the input of the composite.
-- "All equal" is judged at the tie precision (6 decimals).
indicator_scores as (
    select
        quarter, peer_group, court_code, indicator,
        case
            when unranked_reason is not null then null
            else peer_score(badness, max(badness) over w, min(badness) over w)
        end as score
    from compared
    window w as (partition by quarter, peer_group, indicator, unranked_reason is null)
),

-- composite = weighted mean of the court's scores over the indicators it is ranked on
-- (weight 0 drops an indicator); NULL when it is ranked on none.
composite_rows as (
    select
        s.quarter, s.peer_group, s.court_code,
        'composite' as indicator,
        -- ordered sums: floating-point addition must not depend on thread scheduling,
        -- or a re-run would differ in the last digit
        sum(w.weight * s.score order by s.indicator) filter (where s.score is not null)
            / nullif(sum(w.weight order by s.indicator) filter (where s.score is not null), 0) as value
    from indicator_scores s
    join weights w using (indicator)
    group by all
),

composite_eligibility as (
    select
        c.quarter, c.peer_group, c.court_code, c.indicator, c.value,
        'higher_better' as direction, false as is_rate, null::integer as min_sample, null::double as target,
        null::double as range_low, null::double as range_high,
        false as has_counts, null::double as numerator, null::double as denominator,
        gs.group_size,
        case
            when gs.group_size < (select min_peer_group from rules) then 'small_group'
            when c.value is null then 'no_value'
        end as unranked_reason,
        round(-c.value, 6) as badness
    from composite_rows c
    join group_sizes gs using (peer_group)
),

all_rows as (
    select * from compared
    union all by name
    select * replace (
        case when unranked_reason is null and count(*) filter (where unranked_reason is null)
                  over (partition by quarter, peer_group) < (select min_peer_group from rules)
             then 'few_peers' else unranked_reason end as unranked_reason)
    from composite_eligibility
),

-- Pass 2: rank, peer statistics and score over the ranked courts.
-- Ties are badness equal after round(·, 6) (standard competition rank "1, 2, 2, 4").
ranked as (
    select
        r.*,
        count(*) filter (where unranked_reason is null) over g                       as peer_count,
        avg(value order by court_code) filter (where unranked_reason is null) over g as peer_mean,
        median(value) filter (where unranked_reason is null) over g                  as peer_median,
        case when unranked_reason is null then
            rank() over (partition by quarter, peer_group, indicator, unranked_reason is null
                         order by badness)
        end as rank,
        case
            when unranked_reason is not null then null
            else peer_score(badness, max(badness) over e, min(badness) over e)
        end as score
    from all_rows r
    window g as (partition by quarter, peer_group, indicator),
           e as (partition by quarter, peer_group, indicator, unranked_reason is null)
),

-- The courts of the target quarters that copy a stand-in: its rows (NULL values, the
-- same counts) with the court's own group, and that group's reason and peer statistics.
group_stats as (
    select quarter, peer_group, indicator,
           -- one value per group (window results): max() picks it
           max(peer_count) as peer_count, max(peer_mean) as peer_mean,
           max(peer_median) as peer_median
    from ranked
    group by all
),

empty_courts as (
    select quarter, court_code, stand_in
    from row_profiles
    where blank
      and court_code <> stand_in
      and quarter in (select quarter from target_quarters)
),

filled as (
    select
        e.quarter, a.peer_group, e.court_code, s.indicator, s.value,
        s.direction, s.is_rate, s.min_sample, s.target, s.range_low, s.range_high,
        s.has_counts, s.numerator, s.denominator, gs.group_size,
        case
            when gs.group_size < (select min_peer_group from rules) then 'small_group'
            when s.value is null then 'no_value'
            when s.min_sample is not null and coalesce(s.denominator, 0) < s.min_sample then 'small_sample'
        end                                     as unranked_reason,
        s.badness,
        coalesce(st.peer_count, 0)              as peer_count,
        st.peer_mean,
        st.peer_median,
        null::bigint                            as rank,
        null::double                            as score
    from empty_courts e
    join peer_assignment a using (court_code)
    join group_sizes gs using (peer_group)
    join ranked s on s.quarter = e.quarter and s.court_code = e.stand_in
    left join group_stats st
      on st.quarter = e.quarter and st.peer_group = a.peer_group and st.indicator = s.indicator
),

ranked_and_filled as (
    select * from ranked
    union all by name
    select * from filled
),

-- The range is judged once, on the value at the tie precision (as the rank is): courts
-- tied on rank get the same range_status, and standing follows from it.
range_judged as (
    select
        r.*,
        case
            when r.value is null or (r.range_low is null and r.range_high is null) then null
            when round(r.value, 6) < r.range_low - rules.tolerance then 'below'
            when round(r.value, 6) > r.range_high + rules.tolerance then 'above'
            else 'within'
        end as range_status
    from ranked_and_filled r
    cross join rules
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
        cast(cur.group_size as integer)     as group_size,
        cur.unranked_reason,
        cur.peer_mean,
        cur.peer_median,
        cur.score,
        cast(prev.rank as integer)          as previous_rank,
        cast(prev.rank - cur.rank as integer) as rank_change,
        -- strength needs the value inside its range (or no range: range_status NULL);
        -- weakness needs n ≥ 3
        case
            when cur.rank is null then null
            when cur.rank <= ceil(cur.peer_count / 3.0) and coalesce(cur.range_status, 'within') = 'within'
                then 'strength'
            when cur.peer_count >= 3 and cur.rank > cur.peer_count - ceil(cur.peer_count / 3.0) then 'weakness'
            else 'middle'
        end                                 as standing,
        cur.range_low,
        cur.range_high,
        cur.range_status,
        -- the counts behind a rate or ratio; for days indicators the denominator is only
        -- the sample size of min_sample and is not shown
        case when cur.has_counts then cur.numerator end   as numerator,
        case when cur.has_counts then cur.denominator end as denominator,
        case when cur.is_rate then wilson_low(cur.numerator, cur.denominator) end  as ci_low,
        case when cur.is_rate then wilson_high(cur.numerator, cur.denominator) end as ci_high,
        -- "above"/"below": the peer mean lies outside the court's interval by more than
        -- the tolerance (not better/worse; the direction says which is better)
        case
            when not cur.is_rate or cur.peer_mean is null or wilson_low(cur.numerator, cur.denominator) is null then null
            when cur.peer_mean < wilson_low(cur.numerator, cur.denominator) - rules.tolerance then 'above'
            when cur.peer_mean > wilson_high(cur.numerator, cur.denominator) + rules.tolerance then 'below'
            else 'not_distinguishable'
        end                                 as vs_peer,
        prev.value                          as previous_value,
        cur.value - prev.value              as qoq_change,
        last_year.value                     as last_year_value,
        cur.value - last_year.value         as yoy_change
    -- previous and last year: a court that copied a stand-in then has no computed row,
    -- which reads as the NULL value and rank it had
    from range_judged cur
    join quarter_links l on l.quarter = cur.quarter
    cross join rules
    left join ranked prev
      on prev.quarter = l.previous_quarter and prev.court_code = cur.court_code and prev.indicator = cur.indicator
    left join ranked last_year
      on last_year.quarter = l.last_year_quarter and last_year.court_code = cur.court_code
     and last_year.indicator = cur.indicator
    cross join config_check chk
    where chk.problems is null
       or error('invalid ranking configuration in warehouse/reference/: ' || chk.problems)
)

select * from final
