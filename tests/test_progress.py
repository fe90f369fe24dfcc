"""`courts run` shows one live status line on a terminal (job, phase, elapsed, rows/s,
latest message) and nothing on a non-terminal, where only the summary is printed."""
import io
import logging

from pipelines.progress import ProgressLine, progress_logger, wants_progress


class Event:
    def __init__(self, kind):
        self.event_type_value = kind


def emit(handler, **meta):
    record = logging.LogRecord("dagster", logging.INFO, "", 0, "", None, None)
    record.dagster_meta = {"job_name": "ingest_job", "step_key": "ingest", "dagster_event": None, **meta}
    handler.emit(record)


def test_status_line_names_job_phase_rows_per_second_and_message():
    out = io.StringIO()
    line = ProgressLine(out)
    emit(line, dagster_event=Event("STEP_START"))
    emit(line, orig_message="writing 200 files, 34,000 rows")
    last = out.getvalue().split("\r")[-1]
    assert last.startswith("ingest_job › ingest · ")
    assert "rows/s" in last and "writing 200 files, 34,000 rows" in last
    emit(line, dagster_event=Event("STEP_FAILURE"))
    assert out.getvalue().split("\r")[-1].rstrip().endswith("FAILED")
    line.finish()
    assert out.getvalue().endswith("\r")  # the line is cleared for the summary


def test_quiet_on_a_non_terminal(monkeypatch):
    stream = io.StringIO()
    assert not wants_progress(stream)
    monkeypatch.setattr("sys.stderr", stream)
    logger = progress_logger.logger_fn(None)
    assert not any(isinstance(h, ProgressLine) for h in logger.handlers)


def test_status_line_keeps_the_current_court_and_file_count():
    out = io.StringIO()
    line = ProgressLine(out)
    emit(line, dagster_event=Event("STEP_START"))
    emit(line, orig_message="court 甘3001: file 1/9")
    assert "· 甘3001 · files 1/9 · reading" in out.getvalue().split("\r")[-1]
    emit(line, orig_message="writing 4 files, 120 rows")
    last = out.getvalue().split("\r")[-1]
    assert "· 甘3001 · files 1/9 · writing 4 files, 120 rows" in last and "rows/s" in last
    emit(line, orig_message="court 甘3021: file 5/9")
    assert "· 甘3021 · files 5/9 · " in out.getvalue().split("\r")[-1]
    emit(line, dagster_event=Event("STEP_START"), step_key="cases")  # the next step has no court
    assert "甘3021" not in out.getvalue().split("\r")[-1]


def test_ingest_names_each_court_as_it_reaches_it(con, tmp_path, monkeypatch):
    """The messages the status line reads: a court folder as the ingest reaches it, in
    inbox order, with the position among the run's new files — at most one every
    `PROGRESS_SECONDS` (each is a Dagster event: 3,462 court lines cost 14 s on a sqlite
    instance), so with the default only the first court of this quick run is named."""
    from warehouse import ingest, models
    from warehouse.settings import REFERENCE_DIR

    registry = (REFERENCE_DIR / "courts" / "gannan.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry}', "
                "header = true, all_varchar = true)")
    models.rebuild(con, "courts")
    header = "案号,立案日期,结案日期,结案方式,延长审限天数,扣除审限天数,法院名称\n"
    for rel, n in [("甘3001/20240110.csv", 1), ("甘3001/20240117.csv", 2), ("甘3021/20240110.csv", 3)]:
        court = rel.split("/")[0]
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + f"（2024）{court}民初{n}号,2024-01-02,,,,,\n", encoding="utf-8")
    messages: list[str] = []
    monkeypatch.setattr(ingest, "PROGRESS_SECONDS", 0.0)
    ingest.ingest_inbox(con, tmp_path, log=messages.append)
    assert [m for m in messages if m.startswith("court ")] == ["court 甘3001: file 1/3", "court 甘3021: file 3/3"]
    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        con.execute(f"DELETE FROM {t}")
    messages.clear()
    monkeypatch.setattr(ingest, "PROGRESS_SECONDS", 3600.0)
    ingest.ingest_inbox(con, tmp_path, log=messages.append)
    assert [m for m in messages if m.startswith("court ")] == ["court 甘3001: file 1/3"]
