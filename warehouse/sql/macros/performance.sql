-- performance macros: the ONE definition of every court-performance indicator
-- (spec/warehouse.md, "court_quarter_performance"), shared by
--   court_quarter_performance.sql  — periods = the quarters,
--   court_ytd_performance.sql      — periods = Jan 1 … the quarter's end,
--   judge_quarter_performance.sql  — the same case flags grouped by judge,
--   warehouse/explain.py           — the cases behind a number.
--
-- Both macros take `periods`: the NAME of a relation (table, view or the caller's CTE)
-- with columns quarter, period_start, period_end; it is read through query_table, so
-- the macros can be created before the caller's parameters exist.
--
-- performance_case_facts(periods): one row per case × period in which the case is
-- active (filed by the period's end and not closed before its start), with one boolean
-- flag per indicator set. An indicator's numerator and denominator are counts (or sums)
-- of these flags, so "the cases behind a number" are the rows with the flag set.
create or replace temp macro performance_case_facts(periods) as table
with period_bounds as (
    select
        quarter,
        period_start::date as period_start,
        period_end::date   as period_end,
        -- "filed more than N calendar months before end": filing_date < end − N months
        -- (DuckDB clamps to the month's last day: 2024-02-29 − 12 months = 2023-02-28)
        (period_end::date - interval 12 month)::date as cutoff_12m,
        (period_end::date - interval 18 month)::date as cutoff_18m,
        (period_end::date - interval 36 month)::date as cutoff_36m
    from query_table(periods)
),

case_rows as (
    select
        case_number,
        court_code,
        -- a case whose type is not in the case-type registry has no category: it is
        -- counted under `other` so that the category rows add up to the `all` row
        coalesce(category, 'other') as category,
        case_type,
        procedure,
        judge,
        filing_date,
        closing_date,
        limit_label,
        extension_days,
        excluded_days,
        deadline_date,
        closed_within_limit,
        duration_days,
        disposition,
        disposition_group,
        origin_case_number,
        amount_claimed,
        amount_recovered
    -- the courts being rebuilt (every court unless a run narrows it: warehouse.models.set_courts)
    from scoped_cases
),

-- Reading: an appeal is any 民终/刑终/行终 whose origin_case_number is the case, whatever
-- court it was filed at and whenever it was filed (known at run time); it counts as
-- reversed or remanded when it is closed with group reversed or remanded. (Every court's
-- appeals: the appeal of a case is filed at another court.)
appeals as (
    select
        origin_case_number as case_number,
        list(case_number order by case_number) as appeal_case_numbers,
        bool_or(closing_date is not null and disposition_group in ('reversed', 'remanded'))
            as appeal_reversed_remanded
    from main.cases
    where case_type in ('民终', '刑终', '行终')
      and origin_case_number is not null
    group by origin_case_number
),

active as (
    select
        p.quarter,
        p.period_start,
        p.period_end,
        p.cutoff_12m,
        p.cutoff_18m,
        p.cutoff_36m,
        c.*
    from case_rows c
    join period_bounds p
      on c.filing_date <= p.period_end
     -- "closing_date NULL or ≥ start", written as one range condition (a range join)
     and coalesce(c.closing_date, date '9999-12-31') >= p.period_start
),

status as (
    select
        a.* exclude (cutoff_12m, cutoff_18m, cutoff_36m),
        ap.appeal_case_numbers,
        coalesce(ap.appeal_reversed_remanded, false) as appeal_reversed_remanded,
        -- carried over: filed before start and pending at start (closing NULL or ≥ start,
        -- which `active` guarantees)
        a.filing_date < a.period_start                                    as is_carried_over,
        a.filing_date >= a.period_start                                   as is_received,
        coalesce(a.closing_date between a.period_start and a.period_end, false) as is_closed,
        a.closing_date is null or a.closing_date > a.period_end           as is_pending_end,
        ap.case_number is not null                                        as has_appeal,
        a.filing_date < a.cutoff_12m                                      as filed_before_12m,
        a.filing_date < a.cutoff_18m                                      as filed_before_18m,
        a.filing_date < a.cutoff_36m                                      as filed_before_36m
    from active a
    left join appeals ap on ap.case_number = a.case_number
),

flagged as (
    select
        s.* exclude (filed_before_12m, filed_before_18m, filed_before_36m, has_appeal),
        -- statutory time limits: a type without a limit has no deadline_date
        is_closed and deadline_date is not null                           as is_closed_with_limit,
        is_closed and deadline_date is not null
            and coalesce(closed_within_limit, false)                      as is_closed_within_limit,
        -- long-pending: pending at end and filed more than 12 / 18 / 36 months before it
        is_pending_end and filed_before_12m                               as is_long_pending_12m,
        is_pending_end and filed_before_18m                               as is_long_pending_18m,
        is_pending_end and filed_before_36m                               as is_long_pending_36m,
        -- pending past its deadline at the period's end (judges' overdue_pending)
        is_pending_end and deadline_date < period_end                     as is_overdue_pending_end,
        -- 调撤率: 民初 closed, and of those mediation or withdrawal
        is_closed and case_type = '民初'                                  as is_civil_first_closed,
        is_closed and case_type = '民初'
            and disposition_group in ('mediation', 'withdrawal')          as is_mediation_withdrawal,
        -- 上诉率 / 被改判发回率: first-instance cases closed in the period
        is_closed and case_type in ('民初', '刑初', '行初')               as is_first_instance_closed,
        is_closed and case_type in ('民初', '刑初', '行初') and has_appeal as is_appealed,
        is_closed and case_type in ('民初', '刑初', '行初')
            and coalesce(appeal_reversed_remanded, false)                 as is_reversed_remanded,
        -- 执行: 执 and 执恢 closed; recovery only where something was claimed
        is_closed and case_type in ('执', '执恢')                         as is_enforcement_closed,
        is_closed and case_type in ('执', '执恢')
            and disposition_group = 'enforced'                            as is_enforcement_enforced,
        is_closed and case_type in ('执', '执恢')
            and amount_claimed > 0                                        as is_enforcement_claimed,
        -- Reading: a NULL amount_recovered counts as 0
        coalesce(amount_recovered, 0)                                     as recovered_amount,
        -- 首执: 执 only
        is_closed and case_type = '执'                                    as is_first_enforcement_closed,
        is_closed and case_type = '执'
            and disposition_group = 'terminated_no_assets'                as is_first_enforcement_no_assets
    from status s
),

-- every flag is TRUE or FALSE, never NULL (a NULL disposition_group, amount or deadline
-- makes its flag FALSE), so that counting a flag never yields NULL
final as (
    select
        * replace (
            coalesce(is_overdue_pending_end, false)          as is_overdue_pending_end,
            coalesce(is_civil_first_closed, false)           as is_civil_first_closed,
            coalesce(is_mediation_withdrawal, false)         as is_mediation_withdrawal,
            coalesce(is_first_instance_closed, false)        as is_first_instance_closed,
            coalesce(is_appealed, false)                     as is_appealed,
            coalesce(is_reversed_remanded, false)            as is_reversed_remanded,
            coalesce(is_enforcement_closed, false)           as is_enforcement_closed,
            coalesce(is_enforcement_enforced, false)         as is_enforcement_enforced,
            coalesce(is_enforcement_claimed, false)          as is_enforcement_claimed,
            coalesce(is_first_enforcement_closed, false)     as is_first_enforcement_closed,
            coalesce(is_first_enforcement_no_assets, false)  as is_first_enforcement_no_assets
        )
    from flagged
)

select * from final;


-- court_performance(periods): one row per court × period × category with every column
-- of court_quarter_performance. Readings applied here: the `all` row exists for every
-- registered court (table courts) and period; a category row exists when carried_over +
-- received > 0 for it (a court outside the registry gets rows only where it has cases);
-- a rate with a zero denominator is NULL, which also makes an indicator defined on case
-- types absent from a category NULL there (no 民初 in the criminal row: 0 / 0).
create or replace temp macro court_performance(periods) as table
with period_bounds as (
    select quarter, period_start::date as period_start, period_end::date as period_end
    from query_table(periods)
),

-- read once and streamed to the three aggregates below (measured: cheaper in CPU than
-- letting each aggregate re-read the cases with `as not materialized`)
facts as (
    select * from performance_case_facts(periods)
),

registered_courts as (
    select court_code from scoped_courts
),

-- one pass over the cases: every additive quantity per court × period × category
by_category as (
    select
        court_code,
        quarter,
        category,
        count(*) filter (where is_carried_over)                     as carried_over,
        count(*) filter (where is_received)                         as received,
        count(*) filter (where is_closed)                           as closed,
        count(*) filter (where is_pending_end)                      as pending_end,
        count(*) filter (where is_closed_with_limit)                as closed_with_limit,
        count(*) filter (where is_closed_within_limit)              as closed_within_limit,
        sum(duration_days) filter (where is_closed)                 as duration_sum,
        count(duration_days) filter (where is_closed)               as duration_count,
        count(*) filter (where is_long_pending_12m)                 as long_pending_12m,
        count(*) filter (where is_long_pending_18m)                 as long_pending_18m,
        count(*) filter (where is_long_pending_36m)                 as long_pending_36m,
        count(*) filter (where is_civil_first_closed)               as civil_first_closed,
        count(*) filter (where is_mediation_withdrawal)             as mediation_withdrawal,
        count(*) filter (where is_first_instance_closed)            as first_instance_closed,
        count(*) filter (where is_appealed)                         as appealed,
        count(*) filter (where is_reversed_remanded)                as reversed_remanded,
        sum(recovered_amount) filter (where is_enforcement_claimed) as amount_recovered,
        sum(amount_claimed) filter (where is_enforcement_claimed)   as amount_claimed,
        count(*) filter (where is_enforcement_closed)               as enforcement_closed,
        count(*) filter (where is_enforcement_enforced)             as enforcement_enforced,
        count(*) filter (where is_first_enforcement_closed)         as first_enforcement_closed,
        count(*) filter (where is_first_enforcement_no_assets)      as first_enforcement_no_assets,
        sum(duration_days) filter (where is_first_enforcement_closed)   as first_enforcement_duration_sum,
        count(duration_days) filter (where is_first_enforcement_closed) as first_enforcement_duration_count
    from facts
    group by court_code, quarter, category
),

-- the `all` row: the sum of the court's category rows (every column above adds up)
additive as (
    select * from by_category
    union all by name
    select court_code, quarter, 'all' as category,
           sum(columns(* exclude (court_code, quarter, category)))
    from by_category
    group by court_code, quarter
),

-- medians do not add up: one pass over the closed cases for both levels.
-- quantile_cont: the mean of the two middle values for an even count
medians as (
    select
        court_code,
        quarter,
        case when grouping(category) = 1 then 'all' else category end as category,
        quantile_cont(duration_days, 0.5) as median_duration_days
    from facts
    where is_closed
    group by grouping sets ((court_code, quarter, category), (court_code, quarter))
),

-- nor do distinct judges: the distinct closing judges first, then count them per level
closing_judges as (
    select distinct court_code, quarter, category, judge
    from facts
    where is_closed and judge is not null
),

judge_counts as (
    select court_code, quarter, category, count(*) as judges
    from closing_judges
    group by court_code, quarter, category
    union all
    select court_code, quarter, 'all' as category, count(distinct judge) as judges
    from closing_judges
    group by court_code, quarter
),

counted as (
    select a.*, m.median_duration_days, coalesce(j.judges, 0) as judges
    from additive a
    left join medians m using (court_code, quarter, category)
    left join judge_counts j using (court_code, quarter, category)
),

-- Cost follows the data: the rows counted from the cases, plus — one anti-join — the
-- zero `all` row of every registered court without cases in the period (Readings: the
-- `all` row exists for every registered court). Nothing is aggregated for those courts.
row_keys as (
    select court_code, quarter, category from counted
    union all
    select r.court_code, p.quarter, 'all' as category
    from registered_courts r
    cross join period_bounds p
    anti join counted c
      on c.court_code = r.court_code and c.quarter = p.quarter and c.category = 'all'
),

filled as (
    select
        k.court_code,
        k.quarter,
        k.category,
        p.period_start,
        p.period_end,
        p.period_end - p.period_start + 1 as days_in_period,
        coalesce(c.carried_over, 0)                 as carried_over,
        coalesce(c.received, 0)                     as received,
        coalesce(c.closed, 0)                       as closed,
        coalesce(c.pending_end, 0)                  as pending_end,
        coalesce(c.closed_with_limit, 0)            as closed_with_limit,
        coalesce(c.closed_within_limit, 0)          as closed_within_limit,
        c.duration_sum::double / nullif(c.duration_count, 0) as avg_duration_days,
        c.median_duration_days,
        coalesce(c.long_pending_12m, 0)             as long_pending_12m,
        coalesce(c.long_pending_18m, 0)             as long_pending_18m,
        coalesce(c.long_pending_36m, 0)             as long_pending_36m,
        coalesce(c.civil_first_closed, 0)           as civil_first_closed,
        coalesce(c.mediation_withdrawal, 0)         as mediation_withdrawal,
        coalesce(c.first_instance_closed, 0)        as first_instance_closed,
        coalesce(c.appealed, 0)                     as appealed,
        coalesce(c.reversed_remanded, 0)            as reversed_remanded,
        c.amount_recovered,
        c.amount_claimed,
        coalesce(c.enforcement_closed, 0)           as enforcement_closed,
        coalesce(c.enforcement_enforced, 0)         as enforcement_enforced,
        coalesce(c.first_enforcement_closed, 0)     as first_enforcement_closed,
        coalesce(c.first_enforcement_no_assets, 0)  as first_enforcement_no_assets,
        c.first_enforcement_duration_sum::double / nullif(c.first_enforcement_duration_count, 0)
                                                    as first_enforcement_avg_days,
        coalesce(c.judges, 0)                       as judges
    from row_keys k
    join period_bounds p using (quarter)
    left join counted c using (court_code, quarter, category)
),

rated as (
    select
        *,
        closure_to_filing_ratio_of(closed, received)                  as closure_to_filing_ratio,
        closure_rate_of(closed, carried_over, received)               as closure_rate,
        within_limit_rate_of(closed_within_limit, closed_with_limit)  as within_limit_rate,
        long_pending_12m_share_of(long_pending_12m, pending_end)      as long_pending_12m_share,
        mediation_withdrawal::double / nullif(civil_first_closed, 0)  as mediation_withdrawal_rate,
        appealed::double / nullif(first_instance_closed, 0)           as appeal_rate,
        reversed_remanded::double / nullif(first_instance_closed, 0)  as reversed_remanded_rate,
        amount_recovered::double / nullif(amount_claimed, 0)::double  as enforcement_recovery_rate,
        enforcement_enforced::double / nullif(enforcement_closed, 0)  as enforcement_completion_rate,
        first_enforcement_no_assets::double / nullif(first_enforcement_closed, 0)
                                                                      as first_enforcement_no_assets_rate,
        closed::double / nullif(judges, 0)                            as closed_per_judge,
        days_in_period::double * pending_end / nullif(closed, 0)      as disposition_time_days
    from filled
),

final as (
    select
        court_code,
        quarter,
        category,
        period_start,
        period_end,
        carried_over,
        received,
        closed,
        pending_end,
        closure_to_filing_ratio,
        closure_rate,
        closed_with_limit,
        closed_within_limit,
        within_limit_rate,
        avg_duration_days,
        median_duration_days,
        long_pending_12m,
        long_pending_18m,
        long_pending_36m,
        long_pending_12m_share,
        civil_first_closed,
        mediation_withdrawal,
        mediation_withdrawal_rate,
        first_instance_closed,
        appealed,
        appeal_rate,
        1.0 - appeal_rate                                             as first_instance_acceptance_rate,
        reversed_remanded,
        reversed_remanded_rate,
        enforcement_recovery_rate,
        enforcement_closed,
        enforcement_enforced,
        enforcement_completion_rate,
        first_enforcement_closed,
        first_enforcement_no_assets,
        first_enforcement_no_assets_rate,
        first_enforcement_avg_days,
        judges,
        closed_per_judge,
        disposition_time_days
    from rated
)

select * from final;
