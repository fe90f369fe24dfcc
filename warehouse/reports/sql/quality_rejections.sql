-- Rejected rows counted by reason (a row with two reasons counts under both) and by
-- court, with the reason's Chinese description from reference/reject_reasons.csv. Only
-- the reason codes are read: raw_record holds the row as delivered, parties included,
-- and never leaves the warehouse. Parameters: none.
with reasons as (
    select r.file_path, unnest(r.reasons) as reason
    from rejected_rows r
),

descriptions as (
    select cast(reason as varchar) as reason, cast(description_zh as varchar) as description_zh
    from ref_reject_reasons
)

select
    f.court_code,
    coalesce(c.short_name, f.court_code)        as short_name,
    x.reason,
    coalesce(d.description_zh, x.reason)        as reason_zh,
    count(*)                                    as rows
from reasons x
left join ingested_files f using (file_path)
left join courts c on c.court_code = f.court_code
left join descriptions d on d.reason = x.reason
group by all
order by x.reason, f.court_code
