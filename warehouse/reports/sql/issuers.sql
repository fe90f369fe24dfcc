-- The issuers of bulletins (see issuer_courts.sql) with their names, level and parent,
-- and for $quarter: how many courts they cover, how many of them have cases in the
-- quarter (carried over or received, `all` row of court_quarter_performance), the
-- cases, and a fingerprint of the quarter's rows behind their bulletins (performance,
-- rankings and the cases' last update), so an unchanged issuer is not rendered again.
-- Input: temp table issuer_courts(issuer_code, court_code). Parameters: $quarter.
with performance as (
    select p.court_code, p.carried_over + p.received as cases,
           hash(p) as row_hash
    from court_quarter_performance p
    where p.quarter = $quarter and p.category = 'all'
),

rankings as (
    -- hash(row), not md5 of its text: a registry's 45,000 rows a quarter in a few ms
    select r.court_code, md5(string_agg(hash(r)::varchar, '|' order by r.indicator)) as row_hash
    from court_quarter_rankings r
    where r.quarter = $quarter
    group by r.court_code
),

updates as (
    select court_code, max(updated_at)::varchar as last_update, count(*) as case_rows
    from cases
    group by court_code
),

covered as (
    select
        i.issuer_code,
        count(*)                                                as courts,
        count(*) filter (where coalesce(p.cases, 0) > 0)        as courts_with_data,
        coalesce(sum(p.cases), 0)                               as cases,
        md5(string_agg(concat_ws('/', i.court_code, p.row_hash, r.row_hash, u.last_update, u.case_rows::varchar),
                       '|' order by i.court_code))              as fingerprint
    from issuer_courts i
    left join performance p using (court_code)
    left join rankings r using (court_code)
    left join updates u using (court_code)
    group by i.issuer_code
),

final as (
    select
        v.issuer_code,
        case when v.issuer_code = '全国' then '全国法院' else c.court_name end   as issuer_name,
        case when v.issuer_code = '全国' then '全国' else c.short_name end       as issuer_short_name,
        case when v.issuer_code = '全国' then 'national' else c.level end        as issuer_level,
        c.parent_code                                                            as issuer_parent_code,
        v.courts,
        v.courts_with_data,
        v.cases,
        v.fingerprint
    from covered v
    left join courts c on c.court_code = v.issuer_code
)

select * from final
order by case issuer_level when 'national' then 0 when 'high' then 1 else 2 end, issuer_code
