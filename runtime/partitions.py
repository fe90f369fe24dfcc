"""Partitions: quarters (`2024-01-01` is 2024Q1; Dagster 1.13 has no quarterly class).
Marts partitioned by quarter use a single-run backfill policy, so a backfill over history
computes all quarters in one set-at-a-time SQL statement. Issuers of bulletins (court
codes of intermediate and high courts, and 全国) are dynamic partitions, added from the
registry when the `courts` table is built; `ISSUER_QUARTER` is issuer × quarter.
"""
import dagster as dg

from warehouse.db import TIMEZONE

QUARTERLY = dg.TimeWindowPartitionsDefinition(
    start="2016-01-01",  # case-number rules of 法〔2015〕137号 took effect on 2016-01-01
    cron_schedule="0 0 1 */3 *",
    fmt="%Y-%m-%d",
    timezone=TIMEZONE,
)

SINGLE_RUN = dg.BackfillPolicy.single_run()

ISSUERS = dg.DynamicPartitionsDefinition(name="issuers")

ISSUER_QUARTER = dg.MultiPartitionsDefinition({"issuer": ISSUERS, "quarter": QUARTERLY})
