"""The analyst contract's checks (the project's own copy of spec/contract.json in
tests/fixtures, so the suite never reads ../shared): every contract table and column
exists with a compatible type and a COMMENT, keys are unique, files reconcile, the
pending identity holds and unit rates lie in [0, 1]. Returns a list of problems."""
import json
from pathlib import Path

CONTRACT = json.loads((Path(__file__).parent / "fixtures" / "contract.json").read_text(encoding="utf-8"))


def type_ok(kind: str, t: str) -> bool:
    t = t.upper()
    return {
        "text": t == "VARCHAR",
        "integer": t in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"},
        "date": t == "DATE",
        "double": t in {"DOUBLE", "FLOAT"} or t.startswith("DECIMAL"),
        "boolean": t == "BOOLEAN",
        "decimal": t.startswith("DECIMAL"),
        "timestamp": t.startswith("TIMESTAMP"),
        "list": t.endswith("[]"),
    }[kind]


def contract_problems(con) -> list[str]:
    problems = []
    cols = {}
    for t, c, ty, cm in con.execute(
        "select table_name, column_name, data_type, comment from duckdb_columns() where schema_name = 'main'"
    ).fetchall():
        cols.setdefault(t, {})[c] = (ty, cm)
    tcomments = dict(con.execute("select table_name, comment from duckdb_tables() where schema_name = 'main'").fetchall())
    for t, spec in CONTRACT["tables"].items():
        if t not in cols:
            problems.append(f"missing table {t}")
            continue
        if not (tcomments.get(t) or "").strip():
            problems.append(f"{t}: no table COMMENT")
        for c, kind in spec["columns"].items():
            if c not in cols[t]:
                problems.append(f"{t}: missing column {c}")
                continue
            ty, cm = cols[t][c]
            if not type_ok(kind, ty):
                problems.append(f"{t}.{c}: type {ty}, contract says {kind}")
            if not (cm or "").strip():
                problems.append(f"{t}.{c}: no COMMENT")
        if spec.get("key"):
            k = ", ".join(f'"{x}"' for x in spec["key"])
            dup = con.execute(f'select count(*) from (select {k} from "{t}" group by all having count(*) > 1)').fetchone()[0]
            if dup:
                problems.append(f"{t}: {dup} duplicate keys")
    if "ingested_files" in cols:
        n = con.execute("select count(*) from ingested_files where rows_read <> rows_loaded + rows_rejected").fetchone()[0]
        if n:
            problems.append(f"ingested_files: {n} rows do not reconcile")
    for t in ("court_quarter_performance", "court_ytd_performance"):
        if t not in cols:
            continue
        n = con.execute(f"select count(*) from {t} where carried_over + received - closed <> pending_end").fetchone()[0]
        if n:
            problems.append(f"{t}: {n} rows break the pending identity")
        for r in CONTRACT["unit_rates"]:
            n = con.execute(f'select count(*) from {t} where "{r}" < 0 or "{r}" > 1').fetchone()[0]
            if n:
                problems.append(f"{t}.{r}: {n} values outside [0, 1]")
    return problems
