-- severity: error
-- tables: court_quarter_performance, court_ytd_performance
-- fix: The write was rolled back, so the table keeps its last good state. This is a bug in warehouse/sql/{table}.sql or its inputs: reproduce it on the example rows, fix the SQL, re-materialize.
-- Every rate that is a share of cases lies in [0, 1] (the contract's unit rates).
with rates as (
    unpivot (
        select court_code, quarter, category,
               closure_rate, within_limit_rate, long_pending_12m_share, mediation_withdrawal_rate,
               appeal_rate, first_instance_acceptance_rate, reversed_remanded_rate,
               enforcement_completion_rate, first_enforcement_no_assets_rate
        from {table}
    )
    on columns(* exclude (court_code, quarter, category))
    into name indicator value rate
)

select court_code, quarter, category, indicator, rate
from rates
where rate < 0 or rate > 1
