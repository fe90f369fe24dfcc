-- severity: error
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/court_quarter_rankings.sql or its inputs (or warehouse/reference/ranking_rules.csv): reproduce it on the example rows, fix it, re-materialize.
-- standing follows from rank, peer_count and the range: strength if rank ≤ ⌈n/3⌉ and
-- the value is not outside its reasonable range, weakness if rank > n − ⌈n/3⌉ and
-- n ≥ 3, else middle; NULL without a rank.
select quarter, court_code, indicator, rank, peer_count, range_status, standing
from court_quarter_rankings
where standing is distinct from (
    case
        when rank is null then null
        when rank <= ceil(peer_count / 3.0) and coalesce(range_status, 'within') = 'within' then 'strength'
        when peer_count >= 3 and rank > peer_count - ceil(peer_count / 3.0) then 'weakness'
        else 'middle'
    end
)
