"""planner ui in the system's Chromium: open FY2017, price a visit's options, move it, pin, re-plan, undo; names escaped."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from planner.ui.workspace import Workspace
from tests.browser import CHROMIUM, needs_chromium
from tests.conftest import FY2017

pytestmark = [pytest.mark.slow, needs_chromium]


@contextmanager
def served(instance: Path, plan: Path, out: Path) -> Iterator[str]:
    """``planner ui`` as a user starts it; yields the address it prints."""
    server = subprocess.Popen(
        ["planner", "ui", str(instance), str(plan), "--out", str(out), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"http://\S+", line)
        assert found, line + (server.stderr.read() if server.stderr else "")
        yield found.group(0)
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def browser_page(address: str) -> Iterator[tuple[object, list[str]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response", lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        )
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(address)
        page.wait_for_selector("#grid table")
        try:
            yield page, errors
        finally:
            browser.close()


def _movable_visit(workspace: Workspace, skip: str = "") -> tuple[str, str, dict]:
    """A visit with an option that changes the objective and breaks no rule: (key, month, option)."""
    for decision in workspace.current.plan.visits:
        problem = workspace.problem
        key = f"{problem.facilities[problem.visits[decision.task].facility].id}/{problem.rounds[problem.visits[decision.task].round].id}"
        if key == skip:
            continue
        document = workspace.options(key)
        for option in document["options"]:
            if (
                not option["current"]
                and not option["broken"]
                and option["change"] != 0
                and option["date"][:7] == document["date"][:7]
            ):
                return key, document["date"][:7], option
    raise AssertionError("no movable visit")


def test_fy2017_see_price_move_pin_replan_undo(fy2017_plan, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    out, run = fy2017_plan
    assert run.returncode == 0, run.stderr
    published = tmp_path / "plan"
    shutil.copytree(out, published)
    key, month, option = _movable_visit(Workspace.open(FY2017, published, tmp_path / "edited"))
    with served(FY2017, published, tmp_path / "edited") as address, browser_page(address) as (page, errors):
        objective = page.locator("#figures span").first.inner_text()
        page.select_option("#month", month)
        page.click(f'[data-visit="{key}"]')
        page.wait_for_selector("table.options td.change")
        page.select_option("#officer", "B")
        page.select_option("#month", "year")  # one officer's whole year, a row per month
        assert page.locator("table.year tbody tr").count() == 12 and page.locator("table.year [data-visit]").count() > 0
        page.select_option("#officer", "")
        page.select_option("#month", month)
        rows = page.locator("#options table.options tr")
        assert rows.count() > 3  # every half-day and officer of the window, priced
        target = (
            page.locator("#options tr", has=page.locator(f'td:text-is("{option["date"]}")'))
            .filter(has=page.locator(f'td:text-is("{option["officer"]}")'))
            .filter(has_text="ここへ")
        )
        target.first.locator("button.move-here").click()
        expect(page.locator("#version")).not_to_have_text("版 0")
        assert page.locator("#figures span").first.inner_text() != objective
        assert page.locator(f'[data-visit="{key}"].moved').count() == 1

        page.click('[data-pin="place"]')
        page.wait_for_selector(f'[data-visit="{key}"].pinned')
        page.locator("[data-meeting]").first.click()
        page.click('[data-pin-meeting="place"]')
        page.wait_for_selector(".chip.meeting.pinned")

        page.fill("#replan-limit", "20")
        page.click("#replan")
        page.wait_for_selector("#accept-replan", timeout=120_000)
        page.click("#accept-replan")
        expect(page.locator("#message")).to_contain_text("再計画を採用しました")
        assert page.locator(f'[data-visit="{key}"].pinned').count() == 1  # the pin held

        before_undo = page.locator("#version").inner_text()
        page.click("#undo")
        expect(page.locator("#version")).not_to_have_text(before_undo)

        # Dragged onto another officer's half-day, a visit moves as from the list (a second visit: the first is pinned).
        other, _, dragged_to = _movable_visit(Workspace.open(FY2017, published, tmp_path / "probe"), skip=key)
        page.select_option("#month", dragged_to["date"][:7])
        cell = f'td[data-date="{dragged_to["date"]}"][data-slot="{dragged_to["slot"]}"][data-officer="{dragged_to["officer"]}"]'
        page.drag_and_drop(f'[data-visit="{other}"]', cell)
        page.wait_for_selector(f'{cell} [data-visit="{other}"].moved')
        page.click("#save")
        expect(page.locator("#message")).to_contain_text("保存しました", timeout=60_000)
        assert errors == []
    assert (tmp_path / "edited" / "journal.yaml").is_file()
    result = subprocess.run(["planner", "check", str(FY2017), str(tmp_path / "edited")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_a_facility_name_with_markup_shows_as_text(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    shutil.copytree(small_instance_dir, instance)
    with open(instance / "facilities.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hostile = "<script>window.__planner_xss = 1</script><b>太字</b>"
    rows[2]["name"] = hostile
    with open(instance / "facilities.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    facility_id = rows[2]["facility_id"]
    with served(instance, small_plan_dir, tmp_path / "edited") as address, browser_page(address) as (page, errors):
        chip = page.locator(f'[data-visit^="{facility_id}/"]')
        months = page.locator("#month option").all_inner_texts()
        for index in range(len(months)):
            if chip.count():
                break
            page.select_option("#month", index=index)
        chip.first.click()
        page.wait_for_selector("#options h2")
        assert hostile in page.locator("#options h2").inner_text()
        assert page.evaluate("window.__planner_xss") is None
        assert page.locator("#options b").count() == 0
        assert errors == []
