-- as-of list macros: the ONE definition of the long-pending list and of the deadline
-- alerts as of a date (spec/time-limits.md), shared by
--   long_pending_cases.sql / deadline_alerts.sql            — dates = params_as_of (weekly),
--   quarter_end_long_pending.sql / quarter_end_deadline_alerts.sql — dates = each quarter's
--     last day (the lists the quarterly bulletin prints).
-- Both take `dates`: the NAME of a relation with a column as_of_date, read through
-- query_table, so the macros can be created before the caller's parameters exist.
--
-- long_pending_at(dates): for every as-of date D, the cases pending at D that were filed
-- more than 12 calendar months before D, with the largest tier (12/18/36 months) that
-- applies. Covers all case types, with or without a limit. The tiers 12/18/36 are the
-- contract's (long_pending_12m/_18m/_36m columns).
create or replace temp macro long_pending_at(dates) as table
with as_of_dates as (
    select
        as_of_date::date as as_of_date,
        -- filed more than N calendar months before D: filing_date < D − N months
        -- (clamped to month end: 2024-02-29 − 12 months = 2023-02-28)
        (as_of_date - interval 12 month)::date as cutoff_12m,
        (as_of_date - interval 18 month)::date as cutoff_18m,
        (as_of_date - interval 36 month)::date as cutoff_36m
    from query_table(dates)
),

-- Reading: pending at D = filing_date ≤ D and (closing_date NULL or > D)
pending_long as (
    select d.*, c.case_number, c.court_code, c.judge, c.case_type, c.filing_date
    from scoped_cases c  -- every court unless a run narrows it (warehouse.models.set_courts)
    join as_of_dates d
      on c.filing_date < d.cutoff_12m
     and (c.closing_date is null or c.closing_date > d.as_of_date)
),

final as (
    select
        as_of_date,
        case_number,
        court_code,
        judge,
        case_type,
        filing_date,
        (as_of_date - filing_date)::integer as age_days,
        case
            when filing_date < cutoff_36m then 36
            when filing_date < cutoff_18m then 18
            else 12
        end as tier_months
    from pending_long
)

select * from final;

-- deadline_alerts_at(dates): for every as-of date D, the pending cases with a statutory
-- limit that fall in an alert tier, in the most severe tier only. Tiers and their bounds
-- are configuration: ref_alert_thresholds (warehouse/reference/alert_thresholds.csv). A
-- tier matches when
--   min_days_remaining ≤ days_remaining ≤ max_days_remaining (an empty bound is open), or
--   den × elapsed ≥ num × total (the ⅔ notice rule with num/den = 2/3), where
--   elapsed = D − filing_date and total = deadline_date − filing_date.
create or replace temp macro deadline_alerts_at(dates) as table
with as_of_dates as (
    select as_of_date::date as as_of_date from query_table(dates)
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
    from scoped_cases
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

select * from final;
