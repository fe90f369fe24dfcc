-- rate macros: the summary rates recomputed from counts, written once for the marts
-- (macros/performance.sql, judge_quarter_performance.sql) and for the report totals that
-- sum the marts' counts over courts (reports/sql/quarterly_totals.sql, overview_units.sql):
-- a total's rate is the rate of the summed counts, never a mean of courts' rates. NULL
-- when the denominator is 0 (indicators.csv: numerator / denominator of each).
create or replace temp macro closure_rate_of(closed, carried_over, received) as
    closed::double / nullif(carried_over + received, 0);
create or replace temp macro closure_to_filing_ratio_of(closed, received) as
    closed::double / nullif(received, 0);
create or replace temp macro within_limit_rate_of(closed_within_limit, closed_with_limit) as
    closed_within_limit::double / nullif(closed_with_limit, 0);
create or replace temp macro long_pending_12m_share_of(long_pending_12m, pending_end) as
    long_pending_12m::double / nullif(pending_end, 0);
-- the mean duration of several courts: their means weighted by closed cases (an aggregate)
create or replace temp macro avg_duration_days_over(avg_duration_days, closed) as
    sum(avg_duration_days * closed) filter (where avg_duration_days is not null)
        / nullif(sum(closed) filter (where avg_duration_days is not null), 0);
