"""Headless Chromium for page tests: Debian's ``chromium`` driven by Playwright (no browser download).

``.ci/run`` installs Chromium when it is missing; without it (and outside CI) page tests skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("PLANNER_TEST_ARTIFACTS", ROOT / "test-artifacts"))

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="no system Chromium (CI installs it and never skips)"
)


@dataclass
class OpenedPage:
    page: Any
    errors: list[str] = field(default_factory=list)
    """Console errors and warnings, and uncaught page errors."""
    requests: list[str] = field(default_factory=list)
    """Every address the page asked for (a self-contained page asks only for itself)."""


@contextmanager
def chromium_page(path: Path, width: int = 1300, height: int = 1400) -> Iterator[OpenedPage]:
    """``path`` opened in headless Chromium, loaded; closed on exit."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "CI must install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": width, "height": height})
        opened = OpenedPage(page)
        page.on("console", lambda message: opened.errors.append(message.text) if message.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("request", lambda request: opened.requests.append(request.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        try:
            yield opened
        finally:
            browser.close()
