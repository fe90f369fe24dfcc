"""Assembly: `Definitions` (`definitions`), the DuckDB resource (`resources`), partitions,
jobs, schedules, sensors and the `courts` command-line interface (`cli`). No table logic
lives here: assets are in `assets/`, checks in `checks/`, SQL and metadata in
`warehouse/`.
"""
