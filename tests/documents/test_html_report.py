"""report.html in a real headless Chromium: no console errors, the calendar visible, offline.

Chromium comes from the system packages (``.ci/run`` installs Debian's
``chromium``); Playwright only drives it (no browser download).  The
screenshot is kept under ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser import ARTIFACTS, chromium_page, needs_chromium

pytestmark = needs_chromium


def test_report_is_self_contained(small_plan_dir: Path) -> None:
    html = (small_plan_dir / "report.html").read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", html) + re.findall(r"url\(\s*['\"]?https?:", html)
    assert external == []
    assert "@font-face" in html  # Japanese glyphs travel with the page


def test_report_renders_in_headless_chromium(small_plan_dir: Path, small_plan, small_instance) -> None:
    with chromium_page(small_plan_dir / "report.html") as opened:
        page = opened.page
        assert page.title().startswith("2017年度 巡回訪問計画")
        for heading in ("主な指標", "目的関数の内訳", "推進員ごとの負担", "窓口の来庁見込みと配置", "月ごとのカレンダー"):
            assert page.get_by_role("heading", name=heading).is_visible()
        assert page.locator("#status").inner_text() == small_plan.run.status.value
        assert page.locator("#counter-chart rect").count() > 200  # one bar per working day
        visit = small_plan.visits[0]
        name = next(f.name for f in small_instance.facilities if f.facility_id == visit.facility_id)
        cell = page.locator(f'td[data-date="{visit.date}"]')
        assert name in cell.inner_text()
        # The officer filter hides the other officers' entries.
        other = next(o.id for o in small_instance.spec.officers if o.id != visit.officer_id)
        page.select_option("#officer-filter", other)
        assert not cell.locator(f'.entry[data-officer="{visit.officer_id}"]').first.is_visible()
        page.select_option("#officer-filter", "")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
        page.locator(f"#{'m' + visit.date[:7]}").screenshot(path=str(ARTIFACTS / "report-month.png"))
    assert opened.errors == []
    assert all(url.startswith(("file:", "data:")) for url in opened.requests), opened.requests
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
