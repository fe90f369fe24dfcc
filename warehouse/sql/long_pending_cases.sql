-- long_pending_cases: for every as-of date D in params_as_of, the cases pending at D
-- that were filed more than 12 calendar months before D (spec/time-limits.md), with the
-- largest tier that applies. Covers all case types, with or without a limit.
-- The tiers 12/18/36 are the contract's (long_pending_12m/_18m/_36m columns).
with as_of_dates as (
    select
        as_of_date,
        -- filed more than N calendar months before D: filing_date < D − N months
        -- (clamped to month end: 2024-02-29 − 12 months = 2023-02-28)
        (as_of_date - interval 12 month)::date as cutoff_12m,
        (as_of_date - interval 18 month)::date as cutoff_18m,
        (as_of_date - interval 36 month)::date as cutoff_36m
    from params_as_of
),

-- Reading: pending at D = filing_date ≤ D and (closing_date NULL or > D)
pending_long as (
    select d.*, c.case_number, c.court_code, c.judge, c.case_type, c.filing_date
    from cases c
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

select * from final
