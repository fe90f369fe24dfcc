-- score macro: the 0–100 indicator score of court_quarter_rankings (docs/ranking.md),
-- written once for the indicator scores and the composite's ranking.
-- 100 × (worst − badness) / (worst − best) within the compared courts, where worst and
-- best are the largest and smallest badness; 100 for everyone when all are equal at the
-- tie precision (6 decimals). The caller passes worst and best as window aggregates.
create or replace temp macro peer_score(badness, worst, best) as
    case
        when round(worst, 6) = round(best, 6) then 100.0
        else 100.0 * (worst - badness) / (worst - best)
    end;
