"""No facility-facing file shows the date of an unannounced visit, in any spelling."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.check.secrecy import unannounced_dates_shown
from planner.cli import cli
from planner.io.plan_files import VisitRecord, read_plan_files


def _visit_rows(plan_dir: Path) -> tuple[VisitRecord, ...]:
    return read_plan_files(plan_dir).visits


def test_small_plan_facility_files_show_no_unannounced_date(small_plan_dir: Path) -> None:
    files = list((small_plan_dir / "facilities").iterdir())
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".ics" for p in files)
    assert unannounced_dates_shown(small_plan_dir, _visit_rows(small_plan_dir)) == []


def test_notices_name_date_time_and_officer_of_announced_visits(small_plan_dir: Path, small_plan) -> None:
    visit = next(v for v in small_plan.visits if v.announced)
    day = dt.date.fromisoformat(visit.date)
    html = (small_plan_dir / "facilities" / f"{visit.facility_id}.html").read_text(encoding="utf-8")
    assert f"{day.year}年{day.month}月{day.day}日" in html
    assert ("午前 8:30〜12:00" if visit.slot == "am" else "午後 13:00〜17:15") in html
    assert f"推進員{visit.officer_id}" in html
    assert "巡回支援訪問のお知らせ" in html
    words = re.sub(r"base64,[A-Za-z0-9+/=]+", "", html)  # the inlined font is not text
    assert "seed" not in words.lower() and "抜き打ち" not in words and "事前連絡なし" not in words


def _unannounced(plan_dir: Path) -> dt.date:
    rows = _visit_rows(plan_dir)
    announced = {row.date for row in rows if row.announced}
    return next(row.date for row in rows if not row.announced and row.date not in announced)


@pytest.mark.parametrize(
    "spelling",
    [
        "{d:%Y-%m-%d}",
        "{d:%Y%m%d}",
        "{d.year}/{d.month}/{d.day}",
        "{d.year}年{d.month}月{d.day}日",
        "{d.month}月{d.day}日",
        "平成{heisei}年{d.month}月{d.day}日",
        "H{heisei}.{d.month}.{d.day}",
        "{d.month}/{d.day}",
        "{wide_month}月{wide_day}日",
    ],
)
@pytest.mark.parametrize("target", ["html", "ics"])
def test_a_planted_date_is_found_in_every_spelling(tmp_path: Path, small_plan_dir: Path, spelling: str, target: str) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan)
    day = _unannounced(plan)
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    text = spelling.format(
        d=day, heisei=day.year - 1988, wide_month=str(day.month).translate(wide), wide_day=str(day.day).translate(wide)
    )
    victim = sorted((plan / "facilities").glob(f"*.{target}"))[0]
    content = victim.read_text(encoding="utf-8")
    if target == "html":
        content = content.replace("</body>", f"<p>次回 {text}</p></body>")
    else:  # a long line, folded the way RFC 5545 folds it
        content = content.replace("END:VCALENDAR", f"X-NOTE:次回の訪問は {text} です\r\nEND:VCALENDAR")
    victim.write_text(content, encoding="utf-8")
    found = unannounced_dates_shown(plan, _visit_rows(plan))
    assert [v.rule for v in found] == ["unannounced_date_hidden"]
    assert victim.name in found[0].where and day.isoformat() in found[0].message


def test_planner_check_fails_on_a_planted_date(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan)
    day = _unannounced(plan)
    (plan / "facilities" / "extra-note.txt").write_text(f"{day.month}月{day.day}日に伺います", encoding="cp932")
    result = CliRunner().invoke(cli, ["check", str(small_instance_dir), str(plan)])
    assert result.exit_code == 1 and "extra-note.txt" in result.output and "unannounced" in result.output
