"""Assembly, the top layer: `Definitions` (`definitions`), jobs, schedules, sensors and
the `courts` command-line interface (`cli`). No table logic lives here: assets are in
`assets/`, checks in `checks/`, the shared Dagster runtime (resource, partitions, pool,
time zone) in `runtime/`, SQL and metadata in `warehouse/`. Nothing below imports this
package.
"""
