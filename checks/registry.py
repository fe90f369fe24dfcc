"""Which checks guard which table, and how to evaluate them into Dagster results.

Every table gets the structural checks; `rules/<table>.<name>.sql` adds row-level rules,
and the performance tables get `indicator_counts`, generated from indicators.csv.
All of them are evaluated by `evaluate`, which returns `AssetCheckResult`s whose metadata
names the failing count and up to five example rows; a failure also says why (`reason`),
what to do (`fix`: every rule file states one in a `-- fix:` line) and, when the failing
rows carry them, which files (`files`) and which rows of them (`rows`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from checks import indicator_rules
from checks.structural import STRUCTURAL, Written, checks_for, reads_whole_table
from warehouse import db, models, texttable
from warehouse.tables import table

RULES_DIR = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class Rule:
    table: str
    name: str
    blocking: bool
    description: str
    sql: str
    fix: str


def _header(text: str) -> dict[str, str]:
    """The `-- key: value` lines and the description of a rule file's leading comments."""
    out, desc = {}, []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        key, _, value = body.partition(":")
        if key in ("severity", "tables", "fix") and value:
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
    if not head.get("fix"):
        raise ValueError(f"{path}: no '-- fix:' line saying what to do when the rule fails")
    return Rule(table_name, name, severity == "error", head["description"], text.replace("{table}", table_name),
                head["fix"].replace("{table}", table_name))


def rules_for(table_name: str) -> list[Rule]:
    """`rules/<table>.<check>.sql`, plus `rules/shared/<check>.sql` files whose
    `-- tables:` line names the table (their `{table}` is replaced by its name), plus the
    rule generated from the indicator declaration (`checks.indicator_rules`)."""
    rules = [_rule(p, table_name, p.stem.split(".", 1)[1]) for p in sorted(RULES_DIR.glob(f"{table_name}.*.sql"))]
    for p in sorted((RULES_DIR / "shared").glob("*.sql")):
        tables = [t.strip() for t in _header(p.read_text(encoding="utf-8")).get("tables", "").split(",")]
        if table_name in tables:
            rules.append(_rule(p, table_name, p.stem))
    if table_name in indicator_rules.TABLES:
        sql = indicator_rules.rule_sql(table_name)
        if sql:
            rules.append(Rule(table_name, indicator_rules.NAME, True, indicator_rules.description(table_name), sql,
                              indicator_rules.FIX.replace("{table}", table_name)))
    return rules


def specs_for(table_name: str) -> list[dg.AssetCheckSpec]:
    t = table(table_name)
    key = dg.AssetKey(t.asset_key)
    specs = [
        dg.AssetCheckSpec(name, asset=key, description=STRUCTURAL[name][1], blocking=True)
        for name in checks_for(t)
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
    return texttable.markdown(columns, rows, cell=lambda v: str(_plain(v)))


STRUCTURAL_FIX = {
    "columns_match_metadata": "The table's shape differs from warehouse/tables.py: run `python -m warehouse.docs` "
                              "and let the next run migrate the schema (ensure_schema), or fix the declaration.",
    "key_unique": "Duplicate keys in the examples: the write was rolled back; the SQL building the table "
                  "(warehouse/sql/<table>.sql) or its input must produce one row per key.",
    "not_null": "NULLs in declared NOT NULL columns (examples): the write was rolled back; fill the column in "
                "the SQL building the table, or correct the source rows named in the examples.",
    "foreign_keys": "Values with no row in the table they reference (examples: column, value, rows): the write was "
                    "rolled back. A court or case type missing from reference data: add it (the court registry "
                    "of COURTS_REGISTRY under warehouse/reference/courts/, warehouse/reference/case_types.csv) and "
                    "run again; otherwise the SQL building the table (warehouse/sql/<table>.sql) or its input is wrong.",
}


def _where(con: duckdb.DuckDBPyConnection, sql: str, columns: list[str]) -> dict:
    """Which files and rows a failing rule names, when its rows carry file_path/row_number."""
    out = {}
    if "file_path" in columns:
        files = [r[0] for r in con.execute(
            f"SELECT DISTINCT file_path FROM ({sql}) WHERE file_path IS NOT NULL ORDER BY 1 LIMIT 20").fetchall()]
        out["files"] = dg.MetadataValue.text("\n".join(str(f) for f in files))
        if "row_number" in columns:
            rows = con.execute(
                f"SELECT file_path, string_agg(CAST(row_number AS VARCHAR), ', ' ORDER BY row_number) "
                f"FROM (SELECT file_path, row_number FROM ({sql}) ORDER BY 1, 2 LIMIT 200) GROUP BY 1 ORDER BY 1"
            ).fetchall()
            out["rows"] = dg.MetadataValue.text("\n".join(f"{f}: rows {r}" for f, r in rows))
    return out


def _checked(name: str, t, written: Written | None, scope: str | None) -> str:
    """What a structural check read, for its metadata."""
    if name == "columns_match_metadata":
        return "the table's columns"
    return "the whole table" if reads_whole_table(name, t, written) else scope


def set_rule_scope(con: duckdb.DuckDBPyConnection, rule: Rule, written: Written | None) -> bool:
    """Define the temp macro `in_written(key)` for `rule`: a rule that says which rows it
    is about reads the written ones only (when there are `written` rows), else every row.
    Returns whether the rule is so narrowed."""
    scoped = written is not None and "in_written(" in rule.sql
    con.execute("CREATE OR REPLACE TEMP MACRO in_written(k) AS "
                + (f"k IN (SELECT * FROM ({written.keys}))" if scoped else "true"))
    return scoped


def evaluate(con: duckdb.DuckDBPyConnection, table_name: str, written: Written | None = None
             ) -> list[dg.AssetCheckResult]:
    """Every check of the table. With `written` (the rows a write replaced: see
    `checks.structural`), the key, NOT NULL and foreign-key checks read only those rows,
    and so do the rules that filter on `in_written(<the table's first key>)` (a temp
    macro: true without `written`); the other rules read the whole tables. Each result
    says what it read (`checked`)."""
    t = table(table_name)
    key = dg.AssetKey(t.asset_key)
    results = []
    models.register_macros(con, models.CHECK_MACROS)  # the rules' loaded_files() …
    scope = written.describe(con) if written is not None else None
    for name in checks_for(t):
        n, examples = STRUCTURAL[name][0](con, t, written)
        results.append(
            dg.AssetCheckResult(
                check_name=name, asset_key=key, passed=n == 0,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"failing": int(n), "examples": dg.MetadataValue.text(str(examples[:5])),
                          "checked": _checked(name, t, written, scope),
                          **({"reason": STRUCTURAL[name][1], "fix": STRUCTURAL_FIX[name]} if n else {})},
            )
        )
    for r in rules_for(table_name):
        scoped = set_rule_scope(con, r, written)
        cur = con.execute(f"SELECT * FROM ({r.sql}) LIMIT 5")
        columns = [d[0] for d in cur.description]
        examples = cur.fetchall()
        n = db.scalar(con, f"SELECT count(*) FROM ({r.sql})") if examples else 0
        results.append(
            dg.AssetCheckResult(
                check_name=r.name, asset_key=key, passed=n == 0,
                severity=dg.AssetCheckSeverity.ERROR if r.blocking else dg.AssetCheckSeverity.WARN,
                description=r.description,
                metadata={"failing": int(n), "examples": dg.MetadataValue.md(_examples_md(columns, examples)),
                          "checked": scope if scoped else "the whole table",
                          **({"reason": r.description, "fix": r.fix, **_where(con, r.sql, columns)} if n else {})},
            )
        )
    return results
