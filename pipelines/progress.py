"""Progress of a `courts run` on a terminal: one line, rewritten in place, naming the job,
the phase (the Dagster step running), how long it has run, rows/s when the messages count
rows, the current court and files n/N (from the ingest's "court 甘3001: file 23/457"),
and the latest message of the step (e.g. "writing 200 files, 34000 rows"). On a
non-terminal it prints nothing: the run's summary is the output.

It is a Dagster logger (`progress_logger`), so it sees exactly the events the UI shows;
the runner turns it on through run config. Runs launched from the UI never use it.
"""
from __future__ import annotations

import logging
import re
import sys
import time
from typing import TextIO

import dagster as dg

_ROWS = re.compile(r"(\d[\d,]*) rows")
_COURT = re.compile(r"^court (\S+): file (\d+/\d+)")


class ProgressLine(logging.Handler):
    """Keeps one status line per run on `stream` (a terminal)."""

    def __init__(self, stream: TextIO):
        super().__init__(logging.DEBUG)
        self.stream = stream
        self.step: str | None = None
        self.step_started = time.monotonic()
        self.rows = 0
        self.court: str | None = None  # the court being read, and "n/N" files so far
        self.files: str | None = None
        self.width = 0

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None)
        if not meta:
            return
        event = meta.get("dagster_event")
        step = meta.get("step_key")
        if event is not None and event.event_type_value == "STEP_START":
            self.step, self.step_started, self.rows = step, time.monotonic(), 0
            self.court = self.files = None
            self._show(meta.get("job_name"), "started")
        elif event is not None and event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            outcome = "done" if event.event_type_value == "STEP_SUCCESS" else "FAILED"
            self._show(meta.get("job_name"), outcome)
        elif event is None and step:
            message = str(meta.get("orig_message", "")).strip().splitlines()[0] if meta.get("orig_message") else ""
            found = _ROWS.search(message)
            if found:
                self.rows += int(found.group(1).replace(",", ""))
            at = _COURT.match(message)
            if at:
                self.court, self.files = at.group(1), at.group(2)
            self._show(meta.get("job_name"), message)

    def _show(self, job: str | None, message: str) -> None:
        elapsed = time.monotonic() - self.step_started
        rate = f" · {self.rows / elapsed:,.0f} rows/s" if self.rows and elapsed > 0 else ""
        where = f" · {self.court} · files {self.files}" if self.court else ""
        if where and _COURT.match(message):
            message = "reading"
        text = f"{job} › {self.step or '…'} · {elapsed:.1f} s{rate}{where} · {message}"[:150]
        self.stream.write("\r" + text + " " * max(0, self.width - len(text)))
        self.stream.flush()
        self.width = len(text)

    def finish(self) -> None:
        """End the status line so the next output starts on a fresh line."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def wants_progress(stream: TextIO = sys.stderr) -> bool:
    return stream.isatty()


@dg.logger(description="One status line on the terminal (courts run); prints nothing elsewhere.")
def progress_logger(init_context) -> logging.Logger:
    logger = logging.getLogger("courts.progress")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    for h in list(logger.handlers):
        if isinstance(h, ProgressLine):
            h.finish()
            logger.removeHandler(h)
    if wants_progress():
        logger.addHandler(ProgressLine(sys.stderr))
    return logger


def finish_progress() -> None:
    for h in logging.getLogger("courts.progress").handlers:
        if isinstance(h, ProgressLine):
            h.finish()
