-- 周提醒 page, section 二: per court and tier of one as-of date, the court's whole count in
-- the tier (tier_total), how many cases the page lists (at most $limit, the most urgent
-- first: weekly_listed.sql) and those cases as the rows of the tier's table (rows_html),
-- their values escaped by html() (macros/html.sql). The rows are built here, set at a
-- time, not in the template: a national page lists ~150,000 cases, which Jinja renders
-- in ~5 s and DuckDB in a fraction of a second.
-- Parameters: $as_of_date, $limit. The rows come from weekly_listed.sql, filled in below.
with listed as (
    {weekly_listed}
),

final as (
    select
        court_code,
        any_value(short_name)   as short_name,
        tier_rank,
        any_value(tier_total)   as tier_total,
        count(*)                as listed,
        string_agg(
            '<tr><td class="code">' || html(case_number)
            || '</td><td class="code">' || coalesce(html(nullif(case_type, '')), '—')
            || '</td><td class="code">' || coalesce(html(nullif(judge, '')), '—')
            || '</td><td class="code">' || coalesce(html(filing_date), '')
            || '</td><td class="code">' || coalesce(html(deadline_date), '')
            || '</td><td class="num' || case when days_remaining < 0 then ' worse' else '' end || '">'
            || coalesce(html(days_remaining), '') || '</td></tr>',
            chr(10) order by days_remaining, case_number)            as rows_html
    from listed
    group by court_code, tier_rank
)

select * from final
order by court_code, tier_rank
