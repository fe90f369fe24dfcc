"""The demo's restatement (issue #15, done-when): the generator's late corrections to an
issued quarter (generator/late.py) go through the whole pipeline.

A small Gannan inbox (scale 0.1, 2024-06-15 … 2024-10-15, no row faults) with
`late_quarter="2024Q3"` is run: the quarterly job issues the 2024Q3 bulletin. Then the
late delivery (cases delivered late, closing dates corrected) is moved into the inbox
and the pipeline runs again. The issued files must be byte-identical (their hashes in
issued_reports), `restatements` must list exactly the figures that differ between
issued_figures and the marts recomputed on the new data, each with late cases behind
it, and the bulletin written after (the monthly bulletin of 2024-09, whose quarter is
2024Q3) carries them in its 更正说明 section.
"""
import hashlib
from datetime import date

import dagster as dg
import duckdb
import pytest

from generator import deliver_late, generate
from pipelines.runner import run_pipeline
from warehouse.casenumber import normalize
from warehouse.reports.issued import QUARTERLY_SOURCES
from warehouse.settings import Settings
from warehouse.tables import table


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("late_demo")
    manifest = generate(home, preset="gannan", start=date(2024, 6, 15), end=date(2024, 10, 15), seed=11,
                        scale=0.1, faults=0.0, late_quarter="2024Q3")
    settings = Settings.under(home, registry="gannan")
    instance = dg.DagsterInstance.ephemeral()  # one history for the three runs
    run_pipeline(settings, instance=instance)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        issued = con.execute("SELECT report_id, file_paths, file_sha256 FROM issued_reports "
                             "WHERE kind = 'quarterly' AND period = '2024Q3'").fetchall()
        restated_before = con.execute("SELECT count(*) FROM restatements").fetchall()[0][0]
    copy = settings.published.stat().st_ino
    nothing_new = run_pipeline(settings, instance=instance)
    untouched = settings.published.stat().st_ino == copy
    settings.published.chmod(0o644)  # a hand with the rights changes the analysts' copy
    with duckdb.connect(str(settings.published)) as con:
        con.execute("UPDATE cases SET judge = 'TAMPERED'")
    tampered = run_pipeline(settings, instance=instance)
    with duckdb.connect(str(settings.published), read_only=True) as con:
        restored = con.execute("SELECT count(*) FROM cases WHERE judge = 'TAMPERED'").fetchone()[0] == 0
    delivered = deliver_late(home)
    after_late = run_pipeline(settings, instance=instance)
    return {"home": home, "settings": settings, "manifest": manifest, "issued": issued,
            "restated_before": restated_before, "delivered": delivered,
            "skipped": (nothing_new["skipped"], tampered["skipped"], after_late["skipped"]),
            "copy": (untouched, restored)}


def test_a_run_with_nothing_new_skips_the_jobs_and_the_late_delivery_runs_them(demo):
    """`courts run` twice on the same inbox: the second run's jobs already succeeded on the
    same inputs (pipelines.uptodate) and are skipped; the late files change the inputs, so
    the next run launches every job again (the restatement tests below show its results).
    A run that skips every job leaves the analysts' copy as it is, unless it was changed by
    hand since the last publish: then it is published again."""
    every = ["ingest_job", "quarterly_job", "weekly_job", "monthly_job"]
    assert demo["skipped"] == (every, every, [])
    assert demo["copy"] == (True, True), "(left as it was, restored after a change by hand)"


def test_the_generator_holds_the_late_delivery_back_until_delivered(demo):
    late = demo["manifest"]["late"]
    kinds = {c["kind"] for c in late["cases"]}
    assert kinds == {"delivered_late", "closing_corrected"}
    assert sorted(demo["delivered"]) == [f["path"] for f in late["files"]]
    assert not (demo["home"] / "late").exists()
    for c in late["cases"]:
        assert "2024-07-01" <= (c["filing_date"] if c["kind"] == "delivered_late" else c["closing_before"]) <= "2024-09-30"
        if c["kind"] == "closing_corrected":
            assert c["closing_before"] < c["closing_after"] <= "2024-10-15"


def test_issued_bulletin_stays_and_restatements_are_exactly_the_changed_figures(demo):
    settings, late = demo["settings"], demo["manifest"]["late"]
    assert demo["restated_before"] == 0
    [(report_id, paths, hashes)] = demo["issued"]
    late_numbers = {normalize(c["case_number"]) for c in late["cases"]}
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        # the issued files are untouched: byte for byte what issued_reports recorded
        assert con.execute("SELECT file_paths, file_sha256, version FROM issued_reports WHERE report_id = ?",
                           [report_id]).fetchall() == [(paths, hashes, 1)]
        assert [sha(settings.reports / p) for p in paths] == list(hashes)
        # the late delivery is in the warehouse: every late case with its delivered closing date
        got = dict(con.execute("SELECT case_number, closing_date FROM cases WHERE list_contains(?, case_number)",
                               [sorted(late_numbers)]).fetchall())
        assert {normalize(c["case_number"]): c["closing_after"] for c in late["cases"]} == \
            {n: (d.isoformat() if d else None) for n, d in got.items()}
        # independent recomputation: every issued figure against the marts read directly
        issued = {(s, c, k, i): (v, n, d) for s, c, k, i, v, n, d in con.execute(
            "SELECT source, court_code, category, indicator, value, numerator, denominator FROM issued_figures "
            "WHERE report_id = ?", [report_id]).fetchall()}
        expected = set()
        for source in QUARTERLY_SOURCES:
            cur = con.execute(f"SELECT * FROM {source} WHERE quarter = '2024Q3'")
            cols = [x[0] for x in cur.description]
            for row in cur.fetchall():
                r = dict(zip(cols, row, strict=True))
                for col in table(source).columns:
                    key = (source, r["court_code"], r.get("category", "all"), col.name)
                    if key not in issued:
                        continue
                    old, now = issued[key][0], r[col.name]
                    if (old is None) != (now is None) or (old is not None and abs(old - float(now)) > 1e-9):
                        expected.add(key)
        rows = con.execute("SELECT report_id, source, court_code, category, indicator, issued_value, current_value, "
                           "difference, cases FROM restatements").fetchall()
    assert expected, "the late delivery changed no issued figure"
    assert {r[0] for r in rows} == {report_id}
    assert {r[1:5] for r in rows} == expected
    for _, source, court, cat, ind, old, new, diff, cases in rows:
        assert old == issued[(source, court, cat, ind)][0]
        assert diff == pytest.approx(new - old) if old is not None and new is not None else diff is None
        # the cases behind each change: late cases only, at least one
        assert cases and set(cases) <= late_numbers, (source, court, cat, ind, cases)
    # both kinds of lateness moved figures, and the changed counts include closings and filings
    behind = {n for r in rows for n in r[8]}
    by_kind = {normalize(c["case_number"]): c["kind"] for c in late["cases"]}
    assert {by_kind[n] for n in behind} == {"delivered_late", "closing_corrected"}
    assert any(r[4] == "received" for r in rows) and any(r[4] == "closed" for r in rows)


def test_the_next_bulletin_shows_the_restatements(demo):
    settings = demo["settings"]
    monthly = sorted(settings.reports.rglob("*2024-09*.html"))
    assert monthly, sorted(p.relative_to(settings.reports).as_posix() for p in settings.reports.rglob("*.html"))
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        cases = sorted({n for (cs,) in con.execute("SELECT cases FROM restatements").fetchall() for n in cs})
    html = monthly[0].read_text(encoding="utf-8")
    section = html.split("<h2>更正说明</h2>")[1].split("</section>")[0]
    assert "quarterly/2024Q3/v1" in section
    assert any(n in section for n in cases)
