"""Printing a rendered HTML bulletin to PDF with a headless Chromium, when one is
installed. What belongs here: finding the browser and running it; nothing about a
bulletin's content (the print layout is the template's CSS: A4, page breaks, repeated
table headers).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class NoBrowser(RuntimeError):
    """No headless Chromium on this machine."""


def find_browser() -> str:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise NoBrowser("no Chromium found (looked for " + ", ".join(CANDIDATES) + "); install it, e.g. "
                    "`apt-get install chromium`, or print bulletin.html from a browser")


def html_to_pdf(html: Path, pdf: Path | None = None, browser: str | None = None, timeout: int = 180) -> Path:
    """Print `html` to `pdf` (default: beside it, .pdf); raises NoBrowser or RuntimeError."""
    html = Path(html).resolve()
    pdf = Path(pdf) if pdf else html.with_suffix(".pdf")
    browser = browser or find_browser()
    tmp = pdf.with_name(pdf.name + ".tmp.pdf")
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--no-pdf-header-footer", f"--print-to-pdf={tmp}", html.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{browser} could not print {html}: exit {done.returncode}: {tail[0]}")
    tmp.replace(pdf)
    return pdf
