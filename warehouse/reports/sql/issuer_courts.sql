-- Who issues bulletins and which courts each one covers, from the registry (`courts`):
-- every intermediate court for itself and the courts whose parent it is (its basic
-- courts); every high court for itself and every court below it, at any depth (its
-- province); and, when the registry has a high court, the national issuer `全国` for
-- every registered court. One row per issuer × covered court.
with recursive tree(issuer_code, court_code) as (
    select court_code, court_code
    from courts
    where level in ('intermediate', 'high')
    union
    select t.issuer_code, c.court_code
    from tree t
    join courts c on c.parent_code = t.court_code
),

national as (
    select '全国' as issuer_code, court_code
    from courts
    where exists (select 1 from courts where level = 'high')
),

final as (
    select issuer_code, court_code from tree
    union all
    select issuer_code, court_code from national
)

select * from final
order by issuer_code, court_code
