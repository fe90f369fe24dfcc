-- affected_summary(moved): what the rules of warehouse/sql/affected/*.sql return, from
-- `moved`, the NAME of a relation of (moved_from DATE, court_code VARCHAR), one row per
-- date a figure can move from with the court whose figures it moves: the earliest date
-- (NULL when none), and the courts in order ([] when none; NULL when a moved figure's
-- court is not known, so every court's can have moved). Registered by warehouse.affected.
create or replace temp macro affected_summary(moved) as table
select
    min(moved_from) as affected_from,
    case when not coalesce(bool_or(moved_from is not null and court_code is null), false) then
        coalesce(list(distinct court_code order by court_code) filter (where moved_from is not null), [])
    end as courts
from query_table(moved);
