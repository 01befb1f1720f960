"""plan.xlsx: opens, matches visits.csv, marks holidays, prints on A4 landscape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from planner.documents.workbook import COUNTER_SHEET, MONTH_SHEET_FIRST_OFFICER_COLUMN, VISITS_HEADER, VISITS_SHEET
from tests.documents.conftest import read_visits


@pytest.fixture(scope="module")
def book(small_plan_dir: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(small_plan_dir / "plan.xlsx")


def test_visits_sheet_matches_visits_csv(book, small_plan_dir: Path) -> None:
    sheet = book[VISITS_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == VISITS_HEADER
    read_back = [
        {
            "date": row[0].date().isoformat(),
            "slot": {"午前": "am", "午後": "pm"}[row[2]],
            "facility_id": row[3],
            "announced": {"あり": "true", "なし": "false"}[row[7]],
            "officer_id": row[8],
        }
        for row in rows[1:]
    ]
    expected = [
        {key: row[key] for key in ("date", "slot", "facility_id", "announced", "officer_id")}
        for row in read_visits(small_plan_dir)
    ]
    assert read_back == expected


def test_month_sheets_show_each_visit_in_its_officer_cell(book, small_plan, small_instance) -> None:
    names = {f.facility_id: f.name for f in small_instance.facilities}
    officers = [o.id for o in small_instance.spec.officers]
    assert [name for name in book.sheetnames if "年" in name] == [
        f"{2017 + (m < 4)}年{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
    ]
    for visit in small_plan.visits:
        day = dt.date.fromisoformat(visit.date)
        sheet = book[f"{day.year}年{day.month}月"]
        cell = sheet.cell(row=2 + day.day, column=MONTH_SHEET_FIRST_OFFICER_COLUMN + officers.index(visit.officer_id)).value
        label = "午前" if visit.slot == "am" else "午後"
        assert f"{label} 訪問 {names[visit.facility_id]}" in cell


def test_holidays_are_marked_and_print_setup_is_a4_landscape(book) -> None:
    may = book["2017年5月"]
    assert may.cell(row=2, column=1).value == "日付"
    constitution_day = may.cell(row=2 + 3, column=1)
    assert constitution_day.value.date() == dt.date(2017, 5, 3)
    assert "憲法記念日" in may.cell(row=2 + 3, column=may.max_column).value
    assert constitution_day.fill.fgColor.rgb.endswith("D9D9D9")
    assert may.cell(row=2 + 3, column=MONTH_SHEET_FIRST_OFFICER_COLUMN).value in (None, "")
    assert may.cell(row=2 + 1, column=2).value == "月"  # 1 May 2017 was a Monday
    for sheet in (may, book[VISITS_SHEET], book[COUNTER_SHEET]):
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.freeze_panes is not None and sheet.print_title_rows
    assert may.freeze_panes == "C3" and may.print_title_rows == "$1:$2"
