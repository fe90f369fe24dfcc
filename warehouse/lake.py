"""The Parquet lake: the case-level tables and every mart written as hive-partitioned
Parquet that DuckDB, Spark and Trino read as they are, kept up to date incrementally.

What belongs here: the lake layout (`LAKE_TABLES`: which table is partitioned by what),
the export (`export_lake`), the manifest that records which run wrote each partition,
and `lake_views` to query a lake from DuckDB. No Dagster imports.

Layout under the lake root:

    <root>/<table>/<col>=<value>/data_0.parquet     partitioned tables
    <root>/<table>/data_0.parquet                   small reference tables
    <root>/_manifest.json                           one entry per partition

Incremental: every partition's fingerprint (row count and a hash of its rows, computed
in DuckDB set-at-a-time) is compared with the manifest; only changed partitions are
written (to a staging folder first, then swapped in one rename per partition), vanished
partitions are removed, and the manifest is replaced last with `os.replace`. A reader
that races an export sees, per partition, either the old or the new file.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

MANIFEST = "_manifest.json"
FORMAT_VERSION = 1


def _quarter(expr: str) -> str:
    return f"coalesce(strftime({expr}, '%Y') || 'Q' || quarter({expr}), 'unknown')"


@dataclass(frozen=True)
class LakeTable:
    name: str
    # SELECT producing the table's columns plus the partition columns
    source: str
    partition_by: tuple[str, ...] = ()


LAKE_TABLES: tuple[LakeTable, ...] = (
    # reference tables the marts join to (small: one file each)
    LakeTable("courts", "SELECT * FROM main.courts"),
    LakeTable("case_types", "SELECT * FROM main.case_types"),
    LakeTable("time_limits", "SELECT * FROM main.time_limits"),
    LakeTable("dispositions", "SELECT * FROM main.dispositions"),
    # case level: by the quarter a case was filed (a case that closes later rewrites
    # only its filing quarter's partition)
    LakeTable("cases", f"SELECT *, {_quarter('filing_date')} AS filing_quarter FROM main.cases",
              ("filing_quarter",)),
    LakeTable("case_versions", f"SELECT *, {_quarter('filing_date')} AS filing_quarter FROM main.case_versions",
              ("filing_quarter",)),
    LakeTable("case_parties",
              f"SELECT p.*, {_quarter('c.filing_date')} AS filing_quarter "
              "FROM main.case_parties p LEFT JOIN main.cases c USING (case_number)",
              ("filing_quarter",)),
    # files by the quarter of their export date; rejected rows follow their file
    LakeTable("ingested_files", f"SELECT *, {_quarter('export_date')} AS export_quarter FROM main.ingested_files",
              ("export_quarter",)),
    LakeTable("rejected_rows",
              f"SELECT r.*, {_quarter('f.export_date')} AS export_quarter "
              "FROM main.rejected_rows r LEFT JOIN main.ingested_files f USING (file_path)",
              ("export_quarter",)),
    # marts: by their own partition column (the unit the pipeline replaces)
    LakeTable("court_quarter_performance", "SELECT * FROM main.court_quarter_performance", ("quarter",)),
    LakeTable("court_ytd_performance", "SELECT * FROM main.court_ytd_performance", ("quarter",)),
    LakeTable("court_quarter_rankings", "SELECT * FROM main.court_quarter_rankings", ("quarter",)),
    LakeTable("judge_quarter_performance", "SELECT * FROM main.judge_quarter_performance", ("quarter",)),
    LakeTable("deadline_alerts", "SELECT * FROM main.deadline_alerts", ("as_of_date",)),
    LakeTable("long_pending_cases", "SELECT * FROM main.long_pending_cases", ("as_of_date",)),
    # the lists the quarterly bulletin prints
    LakeTable("court_quarter_standings", "SELECT * FROM main.court_quarter_standings", ("quarter",)),
    LakeTable("quarter_end_long_pending", "SELECT * FROM main.quarter_end_long_pending", ("quarter",)),
    LakeTable("quarter_end_deadline_alerts", "SELECT * FROM main.quarter_end_deadline_alerts", ("quarter",)),
    # 案件比: links by the linking case's filing quarter, families by their root's, the
    # ratio marts by quarter
    LakeTable("case_links", f"SELECT *, {_quarter('filing_date')} AS filing_quarter FROM main.case_links",
              ("filing_quarter",)),
    LakeTable("case_families", f"SELECT *, {_quarter('root_filing_date')} AS filing_quarter FROM main.case_families",
              ("filing_quarter",)),
    LakeTable("court_quarter_matter_ratio", "SELECT * FROM main.court_quarter_matter_ratio", ("quarter",)),
    LakeTable("court_ytd_matter_ratio", "SELECT * FROM main.court_ytd_matter_ratio", ("quarter",)),
)


def lake_table(name: str) -> LakeTable:
    for t in LAKE_TABLES:
        if t.name == name:
            return t
    raise KeyError(f"{name} is not a lake table")


def read_manifest(root: Path) -> dict:
    path = Path(root) / MANIFEST
    if not path.exists():
        return {"format": FORMAT_VERSION, "tables": {}, "runs": []}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not a lake manifest ({exc}); remove it to rewrite the whole lake") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: lake format {manifest.get('format')!r}, expected {FORMAT_VERSION}")
    return manifest


def _partition_path(t: LakeTable, values: tuple) -> str:
    return "/".join(f"{c}={v}" for c, v in zip(t.partition_by, values, strict=True))


def _fingerprints(con: duckdb.DuckDBPyConnection, t: LakeTable) -> dict[str, tuple[int, str]]:
    """{partition path: (rows, fingerprint)} for every partition the table has now."""
    cols = ", ".join(f'"{c}"' for c in t.partition_by)
    keys = f"{cols}, " if cols else ""
    group = f"GROUP BY {cols}" if cols else ""
    rows = con.execute(
        f"SELECT {keys} count(*), bit_xor(hash(s)) FROM ({t.source}) s {group}"
    ).fetchall()
    out = {}
    for r in rows:
        n, fp = r[-2], r[-1]
        if n == 0:
            continue
        out[_partition_path(t, tuple(str(v) for v in r[:-2]))] = (int(n), str(fp))
    return out


def export_lake(con: duckdb.DuckDBPyConnection, root: Path | str, run_id: str | None = None,
                tables: list[str] | None = None) -> dict:
    """Write the warehouse behind `con` to the lake at `root`, rewriting only partitions
    whose rows changed since the manifest. Returns a summary per table."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    run_id = run_id or uuid.uuid4().hex
    manifest = read_manifest(root)
    version = duckdb.__version__
    if manifest.get("duckdb_version") not in (None, version):
        # row hashes are only comparable within one DuckDB version: rewrite everything
        manifest["tables"] = {}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    staging = root / f".staging-{run_id}"
    summary: dict[str, dict] = {}
    selected = [lake_table(n) for n in tables] if tables else list(LAKE_TABLES)
    try:
        for t in selected:
            current = _fingerprints(con, t)
            entry = manifest["tables"].get(t.name, {})
            old = entry.get("partitions", {}) if entry.get("partition_by") == list(t.partition_by) else {}
            changed = [p for p, (n, fp) in current.items()
                       if p not in old or old[p]["fingerprint"] != fp or old[p]["rows"] != n
                       or not (root / t.name / p / "data_0.parquet").exists()]
            removed = [p for p in old if p not in current]
            if changed:
                _write_partitions(con, t, changed, staging / t.name, root / t.name)
            for p in removed:
                shutil.rmtree(root / t.name / p, ignore_errors=True)
            if not current:
                shutil.rmtree(root / t.name, ignore_errors=True)
            partitions = {}
            for p, (n, fp) in current.items():
                if p in changed:
                    partitions[p] = {"rows": n, "fingerprint": fp, "run_id": run_id, "written_at": now}
                else:
                    partitions[p] = old[p]
            manifest["tables"][t.name] = {"partition_by": list(t.partition_by), "partitions": partitions}
            summary[t.name] = {"partitions": len(current), "written": len(changed), "removed": len(removed),
                               "rows": sum(n for n, _ in current.values())}
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    manifest["format"] = FORMAT_VERSION
    manifest["duckdb_version"] = version
    manifest["runs"] = (manifest.get("runs", []) + [{
        "run_id": run_id, "finished_at": now,
        "written": {k: v["written"] for k, v in summary.items() if v["written"] or v["removed"]},
    }])[-200:]
    tmp = root / f"{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, root / MANIFEST)
    return {"root": str(root), "run_id": run_id, "tables": summary}


def _write_partitions(con, t: LakeTable, changed: list[str], staged: Path, target: Path) -> None:
    """Write the changed partitions with one COPY, then move each into place."""
    shutil.rmtree(staged, ignore_errors=True)
    staged.parent.mkdir(parents=True, exist_ok=True)
    if not t.partition_by:
        staged.mkdir(parents=True)
        con.execute(f"COPY ({t.source}) TO '{(staged / 'data_0.parquet').as_posix()}' (FORMAT parquet)")
        target.mkdir(parents=True, exist_ok=True)
        os.replace(staged / "data_0.parquet", target / "data_0.parquet")
        return
    cols = ", ".join(f'"{c}"' for c in t.partition_by)
    path_expr = " || '/' || ".join(f"'{c}=' || CAST(\"{c}\" AS VARCHAR)" for c in t.partition_by)
    con.execute("CREATE OR REPLACE TEMP TABLE lake_changed_partitions (p VARCHAR)")
    con.executemany("INSERT INTO lake_changed_partitions VALUES (?)", [(p,) for p in changed])
    con.execute(
        f"COPY (SELECT * FROM ({t.source}) s WHERE {path_expr} IN (SELECT p FROM lake_changed_partitions)) "
        f"TO '{staged.as_posix()}' (FORMAT parquet, PARTITION_BY ({cols}), OVERWRITE_OR_IGNORE, "
        "FILENAME_PATTERN 'data_{i}')"
    )
    for p in changed:
        dest = target / p
        src = staged / p
        if not (src / "data_0.parquet").exists():
            raise RuntimeError(f"lake export of {t.name}: partition {p} was not written to {src}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        old = dest.with_name(dest.name + f".old-{uuid.uuid4().hex[:8]}")
        if dest.exists():
            os.replace(dest, old)
        os.replace(src, dest)
        shutil.rmtree(old, ignore_errors=True)


def lake_views(con: duckdb.DuckDBPyConnection, root: Path | str) -> list[str]:
    """Create one view per lake table over its Parquet files; returns the view names."""
    root = Path(root)
    manifest = read_manifest(root)
    names = []
    for name, entry in sorted(manifest["tables"].items()):
        if not entry["partitions"]:
            continue
        if entry["partition_by"]:
            glob = (root / name).as_posix() + "/" + "/".join("*" for _ in entry["partition_by"]) + "/*.parquet"
            src = f"read_parquet('{glob}', hive_partitioning = true)"
        else:
            src = f"read_parquet('{(root / name / 'data_0.parquet').as_posix()}')"
        con.execute(f'CREATE OR REPLACE VIEW "{name}" AS SELECT * FROM {src}')
        names.append(name)
    return names
