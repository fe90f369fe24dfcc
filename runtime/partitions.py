"""Quarter partitions keyed by the quarter label (`2024Q1`, `2024Q2`, …), the same labels
the warehouse tables, bulletins and `courts run --quarter` use.

The keys run from the first quarter to the current quarter (Asia/Shanghai):

- the first quarter is `COURTS_FIRST_QUARTER` when set (`warehouse.settings`);
- else the quarter of the first loaded export in the analysts' published copy, so that
  the UI shows the quarters that have data rather than a decade of empty ones;
- else `DEFAULT_FIRST_QUARTER` (2016Q1: the case-number rules of 法〔2015〕137号 took
  effect on 2016-01-01), before anything has been loaded.

The keys are fixed when the code location loads (`dagster dev` reloads pick up new
quarters and new data). Marts partitioned by quarter use a single-run backfill policy, so
a backfill over a range of quarters is one set-at-a-time SQL statement.

Other partitioned assets combine quarters with their own dimension through
`by_quarter_and(...)` (a `MultiPartitionsDefinition` whose `quarter` dimension is this
one). Issuers of bulletins (court codes of intermediate and high courts, and 全国)
are dynamic partitions, added from the registry when the `courts` table is built;
`ISSUER_QUARTER` is issuer × quarter.
"""
from __future__ import annotations

import json
import re
import warnings
from datetime import date, datetime
from zoneinfo import ZoneInfo

import dagster as dg

from warehouse import db, models
from warehouse.periods import quarter_of, quarters_between
from warehouse.settings import Settings

DEFAULT_FIRST_QUARTER = "2016Q1"
QUARTER_KEY = re.compile(r"^\d{4}Q[1-4]$")


def first_quarter_with_data(settings: Settings) -> str | None:
    """Quarter of the earliest loaded export in the published copy, if there is one."""
    if not settings.published.exists():
        return None
    try:
        with db.connect(settings.published, read_only=True, wait_seconds=2) as con:
            models.register_macros(con, models.LOADED_FILES)
            first = db.scalar(con, "SELECT min(export_date) FROM loaded_files()")
    except Exception:  # noqa: BLE001 - an unreadable or older copy: fall back to the default start
        return None
    return quarter_of(first) if first else None


def quarter_keys(settings: Settings, today: date | None = None) -> list[str]:
    """Partition keys from the first quarter (configured, else with data, else the
    default) to the current quarter."""
    today = today or datetime.now(ZoneInfo(db.TIMEZONE)).date()
    first = settings.first_quarter or first_quarter_with_data(settings) or DEFAULT_FIRST_QUARTER
    last = quarter_of(today)
    if not QUARTER_KEY.match(first):
        raise ValueError(f"COURTS_FIRST_QUARTER={first!r} is not a quarter like 2024Q1")
    if first > last:
        raise ValueError(f"the first quarter {first} is after the current quarter {last}")
    return quarters_between(first, last)


QUARTERLY = dg.StaticPartitionsDefinition(quarter_keys(Settings.from_env()))

SINGLE_RUN = dg.BackfillPolicy.single_run()
# A quarterly run tagged with this (a JSON list of court codes; `courts run` sets it when
# only those courts' figures can have moved, pipelines/incremental.py) rebuilds only those
# courts' rows of its quarters in the per-court marts; without it, every court's.
COURTS_TAG = "courts/courts"


def run_courts(tags: dict[str, str]) -> list[str] | None:
    """The courts a run's tags narrow its per-court marts to; None: every court."""
    value = tags.get(COURTS_TAG)
    if value is None:
        return None
    courts = json.loads(value)
    if not isinstance(courts, list) or not all(isinstance(c, str) for c in courts):
        raise ValueError(f"run tag {COURTS_TAG} must be a JSON list of court codes, not {value!r}")
    return courts

# `backfill_policy` on `@asset` is marked beta in Dagster 1.13 and warns once per asset at
# every load. We rely on it deliberately (a range of quarters is one SQL statement), so
# that one message, and only it, is silenced here, before any asset module is imported.
warnings.filterwarnings(
    "ignore", message=r"Parameter `backfill_policy` of function `asset` is currently in beta",
    category=dg.BetaWarning,
)


def by_quarter_and(name: str, other: dg.PartitionsDefinition) -> dg.MultiPartitionsDefinition:
    """Quarters × another dimension (e.g. an issuer), keys like `2024Q1|<other>`."""
    return dg.MultiPartitionsDefinition({"quarter": QUARTERLY, name: other})


ISSUERS = dg.DynamicPartitionsDefinition(name="issuers")

ISSUER_QUARTER = by_quarter_and("issuer", ISSUERS)
