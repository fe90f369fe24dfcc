"""The court_quarter_rankings asset and court_quarter_standings (the lists of each court's profile read from it): quarterly partitioned, a range of quarters in one run
(`warehouse/sql/court_quarter_rankings.sql` computes the previous quarter's and last
year's rankings itself, so any quarter can be rebuilt alone). Only the asset lives here;
the ranking rules are in the SQL file and docs/ranking.md, the configuration in
warehouse/reference/{ranking_weights,indicator_ranges,peer_groups}.csv.
"""

from assets.common import quarterly_table_asset

court_quarter_rankings = quarterly_table_asset(
    "court_quarter_rankings", deps=["court_quarter_performance", "courts"]
)

# The strengths, weaknesses and out-of-range indicators each court's profile lists.
court_quarter_standings = quarterly_table_asset(
    "court_quarter_standings", deps=["court_quarter_rankings"]
)

ASSETS = [court_quarter_rankings, court_quarter_standings]
