"""Core tables derived from case_versions, written by one step (`core`) in one
transaction under their blocking checks (a failed check keeps the last good tables):
`cases` (one row per case, its latest state, deadline and duration), `case_parties` (the
parties of each case's latest version), `case_links` (the origin each case names and the
root of its family) and `case_families` (one row per family: docs/matter_ratio.md), each
by one SQL statement (`warehouse/sql/<table>.sql`).

All four are refreshed, not rebuilt, when they can be (`models.refresh`), so a day's new
file costs what it changed, not the whole history. A row of `cases` or `case_parties`
depends only on its case's versions (and, for `cases`, the reference tables), so the
cases in scope are those whose set of versions may have changed since the last build:
- the cases with a version from a file loaded after it (`loaded_until` in the metadata of
  the last materialization of `cases`): new versions, and re-delivered files, whose new
  rows replace their old ones;
- the cases whose number of versions differs from `cases.versions` (versions gone with a
  re-delivered file, or a case gone), counted only when some version went
  (`VERSIONS_REMOVED`, metadata `versions_recounted`).
A link row depends on its case, its origin and the chain above them, so `case_links` is
refreshed for those cases and every case derived from them (`LINKS_SCOPE`); a family row
on its members, so `case_families` for the roots, before and after, of those cases
(`FAMILIES_SCOPE`).
They are rebuilt whole when `cases` is empty, when the reference tables a deadline or a
link kind comes from (time_limits, case_types, link_kinds) differ from those of the last
build (their fingerprint is in the same metadata), when the last build was of another
warehouse file (one Dagster instance may serve several), or when asked (`full_rebuild`,
e.g. after restoring the warehouse from a backup).

Each build records `affected_from`: the earliest date from which a quarterly figure can
differ after it (`warehouse.affected`, for `cases` and for `case_links`; "all" after a
whole rebuild, empty when no figure can), and `affected_courts`, the courts whose figures
can, in its metadata and, when a figure can move, as a row of `raw.pending_changes`
committed with the tables, which `pipelines.incremental` reads to run the quarterly job
from that quarter on, for those courts.
"""

from pathlib import Path

import dagster as dg

import checks
from assets.common import guarded, table_spec
from checks.guard import WRITTEN
from checks.structural import Written
from runtime import POOL
from runtime.resources import WarehouseResource
from warehouse import affected, db, models, values

TABLES = ("cases", "case_parties", "case_links", "case_families")
PENDING = "pending_changes"  # written with them: what the quarterly marts have still to take in
CASES = dg.AssetKey("cases")


class CoreConfig(dg.Config):
    full_rebuild: bool = False  # rebuild the four tables whole (after restoring the warehouse from a backup)


# The cases whose set of versions may have changed since {since} (a timestamp literal):
# those with a version from a file loaded since …
NEW_VERSIONS = """
select case_number from main.case_versions
where sha256 in (select sha256 from loaded_files() where ingested_at > {since})
"""
# … and, when a version went (`VERSIONS_REMOVED`), those whose count differs from cases.versions.
RECOUNTED = """
select coalesce(v.case_number, c.case_number)
from (select case_number, count(*) as n from main.case_versions group by case_number) v
full join main.cases c on c.case_number = v.case_number
where v.n is distinct from c.versions
"""
# cases.versions sums the versions there were at the last build, and every version added
# since is from a file loaded since: fewer versions than both together means some went (a
# re-delivered file's old rows; any other difference recounts too). Otherwise the recount
# (a GROUP BY over every version, 6.5 s at 17 M cases) would only find cases NEW_VERSIONS
# already holds.
VERSIONS_REMOVED = """
select (select count(*) from main.case_versions)
       <> (select coalesce(sum(versions), 0) from main.cases) + (select count(*) from ({new}))
"""


def changed_cases(con, since: str) -> tuple[str, bool]:
    """SQL of the cases whose set of versions may have changed since `since` (a timestamp
    literal), and whether it recounts every case's versions (some went)."""
    new = NEW_VERSIONS.format(since=since)
    recount = bool(db.scalar(con, VERSIONS_REMOVED.format(new=new)))
    return (f"{new} union {RECOUNTED}" if recount else new), recount


# The cases whose link rows may have changed: those in core_scope and every case derived
# from them (their roots may have moved), whatever their depth.
LINKS_SCOPE = """
with recursive down(case_number) as (
    select case_number from core_scope
    union
    select c.case_number from main.cases c join down d on c.origin_case_number = d.case_number
)
select case_number from down
"""

# The families whose rows may have changed: the roots, before and after, of links_scope.
FAMILIES_SCOPE = """
select coalesce(b.root_case_number, s.case_number) from links_scope s
left join case_links_before b using (case_number)
union
select coalesce(a.root_case_number, s.case_number) from links_scope s
left join main.case_links a using (case_number)
"""


def refresh_links(c, written: dict) -> affected.Moved:
    """Refresh case_links and case_families after the cases of temp table core_scope
    changed (cases already refreshed); record the counts in `written`; return what a
    案件比 figure can differ in (`warehouse.affected`)."""
    c.execute(f"CREATE OR REPLACE TEMP TABLE links_scope AS {LINKS_SCOPE}")
    affected.snapshot(c, "case_links", "case_number IN (SELECT case_number FROM links_scope)")
    written["case_links"] = {"cases_recomputed": models.refresh(c, "case_links", "select * from links_scope")}
    c.execute(f"CREATE OR REPLACE TEMP TABLE families_scope AS {FAMILIES_SCOPE}")
    written["case_families"] = {"families_recomputed": models.refresh(c, "case_families",
                                                                      "select * from families_scope")}
    return affected.affected(c, "case_links")


def written_rows() -> dict[str, Written]:
    """The rows a refresh replaced, for its checks (`checks.structural.Written`). Their
    foreign keys into each other are checked on those rows too: a case leaves `cases`
    only as a key of core_scope, and with it its parties (same scope), its link row
    (links_scope holds core_scope) and, when it was a root, its family (families_scope
    holds each case's own root before the refresh)."""
    scopes = {"cases": "core_scope", "case_parties": "core_scope", "case_links": "links_scope",
              "case_families": "families_scope"}
    return {n: Written(f"select * from {s}", frozenset(scopes)) for n, s in scopes.items()}


def reference_fingerprint(con) -> str:
    """A hash of the reference rows a case's category, instance, deadline and link kind
    come from."""
    models.register_reference_views(con)
    parts = [db.scalar(con, f"SELECT count(*) || ':' || coalesce(bit_xor(hash(t)), 0) FROM {n} t")
             for n in ("main.time_limits", "main.case_types", "ref_link_kinds")]
    return "/".join(str(p) for p in parts)


def _since(context, con, config: CoreConfig, mark: dict) -> str | None:
    """`loaded_until` of the last build of `cases`, if the tables can be refreshed from it;
    None when they must be rebuilt whole."""
    event = context.instance.get_latest_materialization_event(CASES)
    if config.full_rebuild or event is None or event.asset_materialization is None:
        return None
    last = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    same = all(last.get(k) == mark[k] for k in ("warehouse_file", "reference"))
    if not same or db.scalar(con, "SELECT count(*) = 0 FROM main.cases"):
        return None
    return last.get("loaded_until") or "-infinity"  # no file loaded at the last build


@dg.multi_asset(
    name="core",
    specs=[table_spec("cases", deps=[dg.AssetKey(n) for n in ("case_versions", "case_types", "time_limits",
                                                               "courts")]),
           table_spec("case_parties", deps=[CASES, dg.AssetKey(["raw", "case_rows"]),
                                            dg.AssetKey("case_versions")]),
           table_spec("case_links", deps=[CASES, dg.AssetKey(["raw", "case_rows"]), dg.AssetKey("case_versions")]),
           table_spec("case_families", deps=[CASES, dg.AssetKey("case_links")]),
           table_spec(PENDING, deps=[CASES, dg.AssetKey("case_links")])],
    check_specs=[s for n in (*TABLES, PENDING) for s in checks.specs_for(n)],
    pool=POOL,
    can_subset=False,
    description="cases, case_parties, case_links and case_families from case_versions: the cases whose versions "
                "changed (and the links and families they reach), or all of them.",
)
def core(context: dg.AssetExecutionContext, config: CoreConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        models.register_macros(con, models.LOADED_FILES)
        mark = {"reference": reference_fingerprint(con), "warehouse_file": str(Path(warehouse.warehouse).resolve()),
                "loaded_until": db.scalar(con, "SELECT coalesce(max(ingested_at)::VARCHAR, '') FROM loaded_files()")}
        since = _since(context, con, config, mark)

        def write(c):
            if since is None:
                written = {n: {"written": models.rebuild(c, n)} for n in TABLES}
                affected.record_pending(c, context.run_id, affected.ALL)
                return {"mode": "rebuilt", **mark, "affected_from": affected.ALL, **written}
            # the scope is found once, before cases changes, and serves cases and case_parties
            scope, recount = changed_cases(c, f"TIMESTAMP '{since}'")
            c.execute(f"CREATE OR REPLACE TEMP TABLE core_scope AS {scope}")
            affected.snapshot(c, "cases", "case_number IN (SELECT case_number FROM core_scope)")
            written = {n: {"cases_recomputed": models.refresh(c, n, "select * from core_scope")}
                       for n in ("cases", "case_parties")}
            cases_moved = affected.affected(c, "cases")
            moved = cases_moved | refresh_links(c, written)
            moved_from = affected.as_metadata(moved.since)
            affected.record_pending(c, context.run_id, moved_from, moved.courts)
            courts = "" if not moved_from else "all" if moved.courts is None else ", ".join(sorted(moved.courts))
            return {"mode": "refreshed", **mark, "affected_from": moved_from, "affected_courts": courts,
                    "versions_recounted": recount, **written,
                    WRITTEN: written_rows()}

        yield from guarded(con, [*TABLES, PENDING], write)


ASSETS = [core]
