"""Generates the data dictionary (`docs/data_dictionary.md`) and the DDL script
(`docs/schema.sql`) from `warehouse/tables.py`. `python -m warehouse.docs` rewrites
them; a test fails when the committed files drift from the metadata.
"""
from __future__ import annotations

import sys
from pathlib import Path

from warehouse.ddl import schema_sql
from warehouse.tables import TABLES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def data_dictionary() -> str:
    out = [
        "# Data dictionary（数据字典）",
        "",
        "Generated from `warehouse/tables.py` by `python -m warehouse.docs`; do not edit by hand.",
        "Every table and column also carries these descriptions as a DuckDB `COMMENT`",
        "(`SELECT table_name, column_name, comment FROM duckdb_columns()`).",
        "Tables and columns marked *personal* hold personal data: they stay in the pipeline's",
        "file and are never copied into the analysts' published copy (`warehouse.publish`).",
        "",
        "| table | 中文 | layer | key |",
        "|---|---|---|---|",
    ]
    for t in TABLES:
        out.append(f"| [`{t.qualified}`](#{t.schema}{t.name}) | {t.zh} | {t.layer} | {', '.join(t.key or ())} |")
    for t in TABLES:
        out += ["", f"## {t.qualified}", "", f"**{t.zh}** — {t.en}", ""]
        if not t.published:
            out += ["Not in the analysts' copy" + (" (*personal*)." if t.personal else "."), ""]
        if t.key:
            out.append(f"Key: `{', '.join(t.key)}`." + (f" Partitioned by `{t.partition_column}`." if t.partition_column else ""))
            out.append("")
        out += ["| column | type | 中文 | definition |", "|---|---|---|---|"]
        for c in t.columns:
            nn = (" (not null)" if c.not_null else "") + (" *personal*" if c.personal else "")
            ref = f" References `{c.references}`." if c.references else ""
            out.append(f"| `{c.name}` | {c.type}{nn} | {c.zh} | {c.en.replace('|', '/')}{ref} |")
    return "\n".join(out) + "\n"


def write(docs: Path = DOCS) -> list[Path]:
    docs.mkdir(exist_ok=True)
    files = {docs / "data_dictionary.md": data_dictionary(), docs / "schema.sql": schema_sql()}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


if __name__ == "__main__":
    for p in write():
        print(p)
    sys.exit(0)
