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
