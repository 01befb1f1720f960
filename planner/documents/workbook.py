"""The office workbook (``plan.xlsx``): a sheet per month, all visits, the counter.

Month sheets list every calendar day (closed days greyed with the holiday's
name) against the officers; a cell says what the officer does in the morning
and in the afternoon.  Every sheet prints on A4 landscape, one page wide, with
its header rows repeated and frozen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.documents.labels import SLOT_LABELS, WEEKDAYS_JA, facility_type_label, ja_month, season_ja
from planner.documents.view import SLOTS, Activity, PlanView
from planner.model.terms import term_label_ja

MONTH_SHEET_FIRST_OFFICER_COLUMN = 3
VISITS_SHEET = "訪問一覧"
COUNTER_SHEET = "窓口"
SUMMARY_SHEET = "概要"
VISITS_HEADER = ("日付", "曜日", "時間帯", "施設ID", "施設名", "種別", "訪問の種類", "事前連絡", "担当ID", "担当")

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CLOSED_FILL = PatternFill("solid", fgColor="D9D9D9")
_VISIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_UNANNOUNCED_FONT = Font(color="C00000")
_THIN = Side(style="thin", color="999999")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def month_sheet_name(first: dt.date) -> str:
    return f"{first.year}年{first.month}月"


def activity_text(view: PlanView, activity: Activity) -> str:
    if activity.kind == "visit":
        assert activity.visit is not None
        facility = view.facilities[activity.visit.facility_id]
        mark = "" if activity.visit.announced else "（事前連絡なし）"
        return f"訪問 {facility.name}{mark}"
    if activity.kind == "meeting":
        assert activity.meeting is not None
        return f"会議 {view.meeting_label(activity.meeting.id)}"
    return "窓口"


def _print_setup(sheet: Worksheet, title_rows: str, freeze: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.freeze_panes = freeze
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _header(sheet: Worksheet, row: int, labels: tuple[str, ...] | list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _month_sheet(book: Workbook, view: PlanView, first: dt.date, days: tuple[dt.date, ...]) -> None:
    sheet = book.create_sheet(month_sheet_name(first))
    sheet.cell(row=1, column=1, value=f"{ja_month(first)} 勤務・訪問計画（{view.name}）").font = _TITLE
    officers = [officer.label for officer in view.officers]
    _header(sheet, 2, ["日付", "曜日", *officers, "窓口 午前", "窓口 午後", "来庁見込み", "備考"])
    counter_column = MONTH_SHEET_FIRST_OFFICER_COLUMN + len(officers)
    for row, day in enumerate(days, start=3):
        closed = view.day_off(day)
        sheet.cell(row=row, column=1, value=day).number_format = "m/d"
        sheet.cell(row=row, column=2, value=WEEKDAYS_JA[day.weekday()])
        for offset, officer in enumerate(view.officers):
            cell = sheet.cell(row=row, column=MONTH_SHEET_FIRST_OFFICER_COLUMN + offset)
            if closed:
                continue
            if not view.on_duty(day, officer.id):
                cell.value = "休（不在）" if view.is_unavailable(officer.id, day) else ""
                continue
            parts = []
            unannounced = False
            for slot in SLOTS:
                activity = view.activity(day, slot, officer.id)
                assert activity is not None
                parts.append(f"{SLOT_LABELS[slot]} {activity_text(view, activity)}")
                unannounced |= activity.visit is not None and not activity.visit.announced
                if activity.kind == "visit":
                    cell.fill = _VISIT_FILL
            cell.value = "\n".join(parts)
            if unannounced:
                cell.font = _UNANNOUNCED_FONT
        notes = [closed] if closed else []
        if not closed:
            arrivals = 0.0
            for index, slot in enumerate(SLOTS):
                counter = view.counter_row(day, slot)
                if counter is not None:
                    sheet.cell(row=row, column=counter_column + index, value=counter.officers_at_counter)
                    arrivals += counter.expected_arrivals
            sheet.cell(row=row, column=counter_column + 2, value=round(arrivals, 1))
            notes += [
                f"会議 {view.meeting_label(m)}" for m, held in view.meeting_days().items() if any(d == day for d, _, _ in held)
            ]
        sheet.cell(row=row, column=counter_column + 3, value="、".join(dict.fromkeys(notes)))
        for column in range(1, counter_column + 4):
            cell = sheet.cell(row=row, column=column)
            cell.border = _GRID
            cell.alignment = _WRAP
            if closed:
                cell.fill = _CLOSED_FILL
    _widths(sheet, [7, 5] + [30] * len(officers) + [8, 8, 9, 28])
    _print_setup(sheet, "1:2", f"{get_column_letter(MONTH_SHEET_FIRST_OFFICER_COLUMN)}3")


def _visits_sheet(book: Workbook, view: PlanView) -> None:
    sheet = book.create_sheet(VISITS_SHEET)
    _header(sheet, 1, VISITS_HEADER)
    for row, visit in enumerate(view.plan.visits, start=2):
        day = dt.date.fromisoformat(visit.date)
        facility = view.facilities[visit.facility_id]
        values = (
            day,
            WEEKDAYS_JA[day.weekday()],
            SLOT_LABELS[visit.slot],
            visit.facility_id,
            facility.name,
            facility_type_label(facility),
            view.round_label(visit.round),
            "あり" if visit.announced else "なし",
            visit.officer_id,
            view.officer_label(visit.officer_id),
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = _GRID
            if column == 1:
                cell.number_format = "yyyy/m/d"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(VISITS_HEADER))}{max(1, len(view.plan.visits) + 1)}"
    _widths(sheet, [11, 5, 7, 9, 30, 14, 24, 9, 8, 12])
    _print_setup(sheet, "1:1", "A2")


def _counter_sheet(book: Workbook, view: PlanView) -> None:
    sheet = book.create_sheet(COUNTER_SHEET)
    _header(
        sheet,
        1,
        (
            "日付",
            "曜日",
            "時間帯",
            "来庁見込み（人）",
            "必要人数（Erlang C）",
            "窓口の推進員",
            "その他の職員",
            "待ち時間見込み（人・分）",
        ),
    )
    for row, counter in enumerate(view.plan.counter, start=2):
        day = dt.date.fromisoformat(counter.date)
        values = (
            day,
            WEEKDAYS_JA[day.weekday()],
            SLOT_LABELS[counter.slot],
            counter.expected_arrivals,
            counter.required_officers,
            counter.officers_at_counter,
            counter.other_staff,
            round(counter.visitor_minutes_waited),
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if column == 1:
                cell.number_format = "yyyy/m/d"
            if column == 6 and counter.officers_at_counter < counter.required_officers:
                cell.font = _UNANNOUNCED_FONT
    _widths(sheet, [11, 5, 7, 12, 14, 12, 12, 16])
    _print_setup(sheet, "1:1", "A2")


def _summary_sheet(book: Workbook, view: PlanView) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = SUMMARY_SHEET
    plan = view.plan
    sheet.cell(row=1, column=1, value=f"{view.instance.spec.fiscal_year}年度 巡回訪問計画（{view.name}）").font = _TITLE
    gap = f"{100 * plan.run.gap:.2f}%" if plan.run.gap is not None else "-"
    rows: list[tuple[str, object]] = [
        ("解の状態", plan.run.status.value),
        ("目的関数値 / 下界 / ギャップ", f"{plan.run.objective} / {plan.run.bound} / {gap}"),
        (
            f"計画で左右できる部分のギャップ（下限値 {plan.run.floor.value if plan.run.floor is not None else '-'} を除く）",
            f"{100 * plan.run.decided_gap:.2f}%" if plan.run.decided_gap is not None else "-",
        ),
        ("訪問件数", plan.kpis["visits_total"]),
        ("窓口の待ち時間見込み（人・分）", plan.kpis["expected_visitor_minutes_waited"]),
        ("比較：空き枠に先着で入れた場合（人・分）", plan.kpis["baseline_visitor_minutes_waited"]),
        ("申込期", season_ja(*(dt.date.fromisoformat(plan.kpis["application_season"][k]) for k in ("start", "end")))),
        ("申込期の訪問件数", plan.kpis["visits_in_application_season"]),
    ]
    rows += [(f"訪問区分：{view.round_label(r)}", n) for r, n in plan.kpis["visits_by_round"].items()]
    rows += [
        (f"{o.label}：勤務日数 / 訪問件数", f"{plan.kpis['duty_days_by_officer'][o.id]} / {plan.kpis['visits_by_officer'][o.id]}")
        for o in view.officers
    ]
    rows += [
        (f"目的関数：{term_label_ja(term)}", f"{t['value']} × {t['weight']} = {t['weighted']}") for term, t in plan.terms.items()
    ]
    for row, (label, value) in enumerate(rows, start=3):
        sheet.cell(row=row, column=1, value=label).font = _BOLD
        sheet.cell(row=row, column=2, value=value)
    _widths(sheet, [44, 36])
    _print_setup(sheet, "1:1", "A3")


def write_workbook(view: PlanView, path: Path) -> Path:
    book = Workbook()
    _summary_sheet(book, view)
    for month in view.months:
        _month_sheet(book, view, month.first, month.days)
    _visits_sheet(book, view)
    _counter_sheet(book, view)
    book.save(path)
    return path
