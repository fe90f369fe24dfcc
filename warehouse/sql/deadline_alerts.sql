-- deadline_alerts: for every as-of date D in params_as_of, the pending cases with a
-- statutory limit that fall in an alert tier (spec/time-limits.md), in the most severe
-- tier only. Tiers and their bounds are configuration: ref_alert_thresholds
-- (warehouse/reference/alert_thresholds.csv). A tier matches when
--   min_days_remaining ≤ days_remaining ≤ max_days_remaining (an empty bound is open), or
--   den × elapsed ≥ num × total (the ⅔ notice rule with num/den = 2/3), where
--   elapsed = D − filing_date and total = deadline_date − filing_date.
with as_of_dates as (
    select as_of_date from params_as_of
),

thresholds as (
    select
        tier_rank::integer                  as tier_rank,
        tier::varchar                       as tier,
        min_days_remaining::integer         as min_days_remaining,
        max_days_remaining::integer         as max_days_remaining,
        elapsed_share_numerator::bigint     as elapsed_share_numerator,
        elapsed_share_denominator::bigint   as elapsed_share_denominator
    from ref_alert_thresholds
),

-- Reading: alerts cover only case types with a limit (deadline_date not NULL)
limited_cases as (
    select case_number, court_code, judge, case_type, filing_date, closing_date, deadline_date
    from cases
    where deadline_date is not null
),

-- Reading: pending at D = filing_date ≤ D and (closing_date NULL or > D), from the
-- cases' current state
pending as (
    select
        d.as_of_date,
        c.*,
        (c.deadline_date - d.as_of_date)::integer  as days_remaining,
        d.as_of_date - c.filing_date                as elapsed_days,
        c.deadline_date - c.filing_date             as allowed_days
    from limited_cases c
    join as_of_dates d
      on c.filing_date <= d.as_of_date
     and (c.closing_date is null or c.closing_date > d.as_of_date)
),

matched as (
    select p.*, t.tier_rank, t.tier
    from pending p
    join thresholds t
      on (p.days_remaining >= coalesce(t.min_days_remaining, p.days_remaining)
          and p.days_remaining <= coalesce(t.max_days_remaining, p.days_remaining))
      or (t.elapsed_share_numerator is not null
          and t.elapsed_share_denominator * p.elapsed_days >= t.elapsed_share_numerator * p.allowed_days)
),

-- a case appears in one tier, the most severe (lowest tier_rank)
most_severe as (
    select *
    from matched
    qualify row_number() over (partition by as_of_date, case_number order by tier_rank) = 1
),

final as (
    select
        as_of_date,
        case_number,
        court_code,
        judge,
        case_type,
        filing_date,
        deadline_date,
        days_remaining,
        tier,
        tier_rank
    from most_severe
)

select * from final
