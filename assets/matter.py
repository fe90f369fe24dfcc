"""案件比 assets (docs/matter_ratio.md): the quarter-partitioned
`court_quarter_matter_ratio` / `court_ytd_matter_ratio`. Only asset definitions live
here: the formulas are in `warehouse/sql/<table>.sql` and
`warehouse/sql/macros/matter_ratio.sql`, the link kinds in
`warehouse/reference/link_kinds.csv`. The tables they read, `case_links` and
`case_families`, are built with `cases` by the `core` step (assets/core.py), refreshed
for the cases a delivery changed.
"""
from assets.common import quarterly_table_asset

ASSETS = [
    quarterly_table_asset(n, deps=["cases", "courts", "case_links", "case_families"], by_court=True)
    for n in ("court_quarter_matter_ratio", "court_ytd_matter_ratio")
]
