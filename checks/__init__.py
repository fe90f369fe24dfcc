"""Asset checks. What belongs here:

- `structural` — checks generated from `warehouse/tables.py` for every table: declared
  columns and types, key uniqueness, NOT NULL columns.
- `rules/<table>.<check>.sql` — row-level rules, one SQL file each, returning the failing
  rows (nothing returned = pass). The file's first comment lines give its severity
  (`-- severity: error` blocks, `-- severity: warn` warns) and its description.
  `rules/shared/<check>.sql` is one rule for several tables: its `-- tables:` line names
  them and `{table}` in its SQL stands for each.
- `guard` — runs a table's checks inside the transaction that writes it, so a blocking
  failure rolls the write back: the table keeps its last good state.
- `expectations` — Great Expectations suites on newly loaded rows (pandas mode).
- `volume` — delivery-volume anomaly warnings.

Asset modules declare `check_specs=checks.specs_for("<table>")` and write through
`checks.guard.guarded_write`.
"""
from checks.registry import evaluate, specs_for

__all__ = ["specs_for", "evaluate"]
