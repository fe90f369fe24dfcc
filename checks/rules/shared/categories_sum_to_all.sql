-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- The counts of a court's category rows add up to its `all` row (a court without
-- cases in the period has an all row of zeros).
with category_sums as (
    select court_code, quarter,
           sum(carried_over) as carried_over, sum(received) as received, sum(closed) as closed,
           sum(pending_end) as pending_end, sum(closed_with_limit) as closed_with_limit,
           sum(closed_within_limit) as closed_within_limit, sum(long_pending_12m) as long_pending_12m,
           sum(long_pending_18m) as long_pending_18m, sum(long_pending_36m) as long_pending_36m
    from {table}
    where category <> 'all'
    group by court_code, quarter
)

select a.court_code, a.quarter,
       a.received, s.received as received_by_category,
       a.closed, s.closed as closed_by_category,
       a.pending_end, s.pending_end as pending_end_by_category
from {table} a
left join category_sums s using (court_code, quarter)
where a.category = 'all'
  and (a.carried_over <> coalesce(s.carried_over, 0)
    or a.received <> coalesce(s.received, 0)
    or a.closed <> coalesce(s.closed, 0)
    or a.pending_end <> coalesce(s.pending_end, 0)
    or a.closed_with_limit <> coalesce(s.closed_with_limit, 0)
    or a.closed_within_limit <> coalesce(s.closed_within_limit, 0)
    or a.long_pending_12m <> coalesce(s.long_pending_12m, 0)
    or a.long_pending_18m <> coalesce(s.long_pending_18m, 0)
    or a.long_pending_36m <> coalesce(s.long_pending_36m, 0))
