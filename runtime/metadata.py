"""Dagster metadata derived from the table declarations in `warehouse.tables`: the column
schema (names, DuckDB types, Chinese name and English definition, NOT NULL) that the UI
shows on each asset, so the catalog and `docs/data_dictionary.md` say the same thing.
"""
from __future__ import annotations

import dagster as dg

from warehouse.tables import Table


def column_schema(t: Table) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(
            c.name, c.type, description=f"{c.zh}：{c.en}",
            constraints=dg.TableColumnConstraints(nullable=not c.not_null),
        )
        for c in t.columns
    ])


def table_metadata(t: Table) -> dict:
    """Definition-time metadata of the asset that builds table `t`."""
    return {
        "table": t.qualified,
        "grain": ", ".join(t.key or ()),
        "dagster/table_name": t.qualified,
        "dagster/column_schema": column_schema(t),
    }
