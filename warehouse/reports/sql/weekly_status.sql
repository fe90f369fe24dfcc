-- Whether deadline_alerts was built for the as-of date (it has rows for it), and the
-- courts of the summary table: those of the peer groups in which some court has a case
-- pending on the as-of date (every registered court when none has), so the page grows
-- with the data, not with the registry; a court with alerts is always listed (weekly.py).
-- Parameters: $as_of_date.
with groups_with_cases as (
    select distinct c.peer_group
    from courts c
    where exists (
        select 1 from cases k
        where k.court_code = c.court_code
          and k.filing_date <= $as_of_date
          and (k.closing_date is null or k.closing_date > $as_of_date)
    )
),

final as (
    select
        c.court_code,
        c.short_name,
        exists (select 1 from deadline_alerts where as_of_date = $as_of_date) as built
    from courts c
    where c.peer_group in (select peer_group from groups_with_cases)
       or not exists (select 1 from groups_with_cases)
)

select * from final
order by court_code
