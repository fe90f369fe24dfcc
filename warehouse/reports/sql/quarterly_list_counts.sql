-- Per court, how long each of the bulletin's lists is (the printed lists stop at the
-- list limit; these counts are the whole lists): long-pending cases (and those over 18
-- and 36 months) from quarter_end_long_pending, overdue cases (tier 超期) from
-- quarter_end_deadline_alerts, as of the quarter's last day. Parameters: $quarter.
with long_pending as (
    select court_code,
           count(*)                                  as long_pending,
           count(*) filter (where tier_months >= 18) as long_pending_18m,
           count(*) filter (where tier_months >= 36) as long_pending_36m
    from quarter_end_long_pending
    where quarter = $quarter
    group by court_code
),

overdue as (
    select court_code, count(*) as overdue
    from quarter_end_deadline_alerts
    where quarter = $quarter and tier_rank = 1
    group by court_code
)

select court_code,
       coalesce(l.long_pending, 0)     as long_pending,
       coalesce(l.long_pending_18m, 0) as long_pending_18m,
       coalesce(l.long_pending_36m, 0) as long_pending_36m,
       coalesce(o.overdue, 0)          as overdue
from long_pending l
full join overdue o using (court_code)
order by court_code
