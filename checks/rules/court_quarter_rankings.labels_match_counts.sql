-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- The labels follow from the stored counts, recomputed here: a rate equal to its
-- numerator / denominator, a Wilson interval with exact ends at 0 and 1 (k = 0 gives
-- ci_low 0, k = n gives ci_high 1), vs_peer from the peer mean and that interval with
-- the tolerance 1e-9, and range_status from the value at the tie precision (6
-- decimals) and the range with that tolerance. Equal values in a group share rank, score and standing.
with labelled as (
    select
        *,
        case
            when ci_low is null or peer_mean is null then null
            when peer_mean < ci_low - 1e-9 then 'above'
            when peer_mean > ci_high + 1e-9 then 'below'
            else 'not_distinguishable'
        end as vs_peer_expected,
        case
            when value is null or (range_low is null and range_high is null) then null
            when round(value, 6) < range_low - 1e-9 then 'below'
            when round(value, 6) > range_high + 1e-9 then 'above'
            else 'within'
        end as range_status_expected
    from court_quarter_rankings
),

tie_groups as (
    select quarter, peer_group, indicator, round(value, 6) as v,
           count(distinct rank) as ranks, count(distinct standing) as standings,
           max(score) - min(score) as score_spread
    from court_quarter_rankings
    where rank is not null
    group by all
)

select quarter, court_code, indicator, value, numerator, denominator, ci_low, ci_high,
       peer_mean, vs_peer, range_status, 'label' as problem
from labelled
where vs_peer is distinct from vs_peer_expected
   or range_status is distinct from range_status_expected
   or (ci_low is not null and numerator = 0 and ci_low <> 0)
   or (ci_high is not null and numerator = denominator and ci_high <> 1)
union all
select quarter, peer_group, indicator, v, null, null, null, null, null, null, null, 'equal values labelled differently'
from tie_groups
where ranks > 1 or standings > 1 or score_spread > 1e-6
