"""What every asset module shares: the asset decorator arguments derived from table
metadata (key = table name, description, group, kinds, pool, check specs) and the
`guarded` helper that writes a table under its blocking checks.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

import checks
from checks.guard import guarded_write
from warehouse import db
from warehouse.tables import table

POOL = "duckdb"


def table_asset_kwargs(name: str, **extra) -> dict:
    """Keyword arguments for `@dg.asset` of the asset that builds table `name`."""
    t = table(name)
    kw = dict(
        key=dg.AssetKey(t.asset_key),
        description=f"{t.zh}：{t.en}",
        group_name=t.layer,
        kinds={"duckdb"},
        pool=POOL,
        check_specs=checks.specs_for(name),
        metadata={"table": t.qualified, "grain": ", ".join(t.key or ())},
    )
    kw.update(extra)
    return kw


def guarded(
    con: duckdb.DuckDBPyConnection,
    names: list[str],
    write: Callable[[duckdb.DuckDBPyConnection], dict],
) -> Iterator:
    """Yield the check results and one `MaterializeResult` per table in `names`
    (metadata: row count plus what `write` returned), committing only if checks pass."""
    meta = {}
    for item in guarded_write(con, names, write):
        if isinstance(item, dict):
            meta = item
        else:
            yield item
    for name in names:
        t = table(name)
        rows = db.scalar(con, f"SELECT count(*) FROM {t.qualified}")
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(t.asset_key),
            metadata={"rows": int(rows), **{k: v for k, v in meta.items() if not isinstance(v, dict)},
                      **meta.get(name, {})},
        )
