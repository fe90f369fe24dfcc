"""Which checks guard which table, and how to evaluate them into Dagster results.

Every table gets the structural checks; `rules/<table>.<name>.sql` adds row-level rules.
All of them are evaluated by `evaluate`, which returns `AssetCheckResult`s whose metadata
names the failing count and up to five example rows, so a data engineer can act on them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from checks.structural import STRUCTURAL
from warehouse import db
from warehouse.tables import table

RULES_DIR = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class Rule:
    table: str
    name: str
    blocking: bool
    description: str
    sql: str


def _header(text: str) -> dict[str, str]:
    """The `-- key: value` lines and the description of a rule file's leading comments."""
    out, desc = {}, []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        key, _, value = body.partition(":")
        if key in ("severity", "tables") and value:
            out[key] = value.strip()
        elif body:
            desc.append(body)
    out["description"] = " ".join(desc)
    return out


def _rule(path: Path, table_name: str, name: str) -> Rule:
    text = path.read_text(encoding="utf-8")
    head = _header(text)
    severity = head.get("severity", "error")
    if severity not in ("error", "warn"):
        raise ValueError(f"{path}: severity must be error or warn, not {severity!r}")
    return Rule(table_name, name, severity == "error", head["description"], text.replace("{table}", table_name))


def rules_for(table_name: str) -> list[Rule]:
    """`rules/<table>.<check>.sql`, plus `rules/shared/<check>.sql` files whose
    `-- tables:` line names the table (their `{table}` is replaced by its name)."""
    rules = [_rule(p, table_name, p.stem.split(".", 1)[1]) for p in sorted(RULES_DIR.glob(f"{table_name}.*.sql"))]
    for p in sorted((RULES_DIR / "shared").glob("*.sql")):
        tables = [t.strip() for t in _header(p.read_text(encoding="utf-8")).get("tables", "").split(",")]
        if table_name in tables:
            rules.append(_rule(p, table_name, p.stem))
    return rules


def specs_for(table_name: str) -> list[dg.AssetCheckSpec]:
    t = table(table_name)
    key = dg.AssetKey(t.asset_key)
    specs = [
        dg.AssetCheckSpec(name, asset=key, description=desc, blocking=True)
        for name, (_, desc) in STRUCTURAL.items()
    ]
    specs += [
        dg.AssetCheckSpec(r.name, asset=key, description=r.description, blocking=r.blocking)
        for r in rules_for(table_name)
    ]
    return specs


def _plain(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def _examples_md(columns: list[str], rows: list[tuple]) -> str:
    if not rows:
        return ""
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "\n".join("| " + " | ".join(str(_plain(v)) for v in r) + " |" for r in rows)
    return head + body


def evaluate(con: duckdb.DuckDBPyConnection, table_name: str) -> list[dg.AssetCheckResult]:
    t = table(table_name)
    key = dg.AssetKey(t.asset_key)
    results = []
    for name, (fn, _) in STRUCTURAL.items():
        n, examples = fn(con, t)
        results.append(
            dg.AssetCheckResult(
                check_name=name, asset_key=key, passed=n == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"failing": int(n), "examples": dg.MetadataValue.text(str(examples[:5]))},
            )
        )
    for r in rules_for(table_name):
        cur = con.execute(f"SELECT * FROM ({r.sql}) LIMIT 5")
        columns = [d[0] for d in cur.description]
        examples = cur.fetchall()
        n = db.scalar(con, f"SELECT count(*) FROM ({r.sql})") if examples else 0
        results.append(
            dg.AssetCheckResult(
                check_name=r.name, asset_key=key, passed=n == 0,
                severity=dg.AssetCheckSeverity.ERROR if r.blocking else dg.AssetCheckSeverity.WARN,
                description=r.description,
                metadata={"failing": int(n), "examples": dg.MetadataValue.md(_examples_md(columns, examples))},
            )
        )
    return results
