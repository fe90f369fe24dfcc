-- The courts a province or national overview ranks: the issuer's units that are courts
-- of one level (a high court's intermediate courts; the national issuer's high courts),
-- with their rows of court_quarter_rankings for the quarter (rank within their peer
-- group, range status, year-on-year change).
-- Input: temp table issuer_courts. Parameters: $issuer, $quarter.
select r.*, c.short_name
from courts c
join issuer_courts i on i.issuer_code = $issuer and i.court_code = c.court_code
join court_quarter_rankings r on r.court_code = c.court_code and r.quarter = $quarter
where c.court_code <> $issuer
  and (case when $issuer = '全国' then c.level = 'high' else c.parent_code = $issuer and c.level = 'intermediate' end)
order by r.indicator, r.rank nulls last, r.court_code
