"""The one Dagster resource: `WarehouseResource`, configured from `warehouse.settings`
(environment variables with defaults). Assets open short-lived connections through it;
all connections share one DuckDB config and read-write ones are serialized.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import dagster as dg
import duckdb

from warehouse import db, models
from warehouse.ddl import ensure_schema
from warehouse.settings import Settings

_SCHEMA_READY: set[str] = set()


class WarehouseResource(dg.ConfigurableResource):
    """Paths of the inbox, the warehouse file, the published copy, the reports and the
    lake, and the deployment's choices (registry, ranges, weights, issuers): the
    fields of `warehouse.settings.Settings`."""

    inbox: str
    warehouse: str
    published: str
    reports: str
    registry: str = "gannan"
    ranges: str = "default"
    weights: str = "default"
    issuers: str = ""
    threads: Optional[int] = None
    memory_limit: Optional[str] = None
    lake: Optional[str] = None
    engine: str = "duckdb"

    @classmethod
    def from_settings(cls, s: Settings) -> WarehouseResource:
        return cls(
            inbox=str(s.inbox), warehouse=str(s.warehouse), published=str(s.published),
            reports=str(s.reports), registry=s.registry, ranges=s.ranges, weights=s.weights, issuers=s.issuers, threads=s.threads, memory_limit=s.memory_limit,
            lake=str(s.lake) if s.lake is not None else None, engine=s.engine,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            inbox=Path(self.inbox), warehouse=Path(self.warehouse), published=Path(self.published),
            reports=Path(self.reports), registry=self.registry, ranges=self.ranges, weights=self.weights,
            issuers=self.issuers, threads=self.threads,
            memory_limit=self.memory_limit, lake=Path(self.lake) if self.lake else None, engine=self.engine,
        )

    def replace_partitions(self, con: duckdb.DuckDBPyConnection, name: str, values: list,
                           courts: list[str] | None = None) -> int:
        """Replace a mart's partitions (with `courts`, only those courts' rows of them),
        computed by the chosen engine (COURTS_ENGINE): DuckDB runs the model itself; Spark
        runs the same model SQL, translated, over the lake
        (`warehouse.engines.spark.replace_partitions`), for every court. Same rows either
        way."""
        reference = self.settings.reference_overrides
        if self.engine == "spark":
            from warehouse.engines import spark

            # models not yet translated for Spark (案件比) stay on DuckDB
            if name in spark.SPARK_MODELS:
                return spark.replace_partitions(con, name, values, self.settings.lake_root, reference)
        return models.replace_partitions(con, name, values, reference, courts)

    @contextlib.contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the warehouse; the schema is brought up to the declared shape
        the first time a process writes to a file."""
        with db.connect(self.warehouse, read_only, self.threads, self.memory_limit) as con:
            path = str(Path(self.warehouse).resolve())
            if not read_only and path not in _SCHEMA_READY:
                ensure_schema(con)
                _SCHEMA_READY.add(path)
            yield con
