-- The courts a quarterly bulletin shows: every court of a peer group (the rankings'
-- group, else the registry's) in which at least one court has cases in the quarter
-- (carried over or received, `all` row of court_quarter_performance). A registered court
-- without cases is shown beside peers that have some, so a silent court stays visible
-- where it is compared; groups where no court has cases are left out, so the bulletin
-- grows with the data, not with the registry. When no court of the scope has cases
-- (an issuer asked for explicitly), every court of the scope is shown.
-- Courts and groups: the macro bulletin_groups (warehouse/sql/macros/bulletin_groups.sql).
-- Parameters: $quarter.
with grouped as (
    select court_code, peer_group, cases
    from bulletin_groups($quarter)
),

groups_with_cases as (
    select distinct peer_group
    from grouped
    where cases > 0
),

final as (
    select court_code
    from grouped
    where peer_group in (select peer_group from groups_with_cases)
       or not exists (select 1 from groups_with_cases)
)

select * from final
order by court_code
