-- Whether the bulletin's list tables hold the quarter: each list's row count next to the
-- count it must equal (the quarter-end long-pending list adds up to long_pending_12m of
-- court_quarter_performance; the standings are the rankings' strengths, weaknesses and
-- values outside their range). Parameters: $quarter.
select
    (select count(*) from quarter_end_long_pending where quarter = $quarter) as long_pending_rows,
    (select coalesce(sum(long_pending_12m), 0) from court_quarter_performance
      where quarter = $quarter and category = 'all') as long_pending_expected,
    (select count(*) from court_quarter_standings where quarter = $quarter) as standings_rows,
    (select count(*) filter (where standing in ('strength', 'weakness'))
          + count(*) filter (where range_status in ('below', 'above'))
       from court_quarter_rankings
      where quarter = $quarter and indicator <> 'composite' and value is not null) as standings_expected,
    (select count(*) from quarter_end_deadline_alerts where quarter = $quarter) as alert_rows
