-- courts: the court registry chosen by COURTS_REGISTRY (params_registry), with the peer
-- group rankings compare within: same level and same parent.
with registry as (
    select * from params_registry
),

final as (
    select
        trim(court_code)                       as court_code,
        trim(court_name)                       as court_name,
        trim(short_name)                       as short_name,
        trim(level)                            as level,
        nullif(trim(parent_code), '')          as parent_code,
        nullif(trim(division_code), '')        as division_code,
        trim(level) || ':' || coalesce(nullif(trim(parent_code), ''), '-') as peer_group
    from registry
)

select * from final
