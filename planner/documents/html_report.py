"""``report.html``: the whole plan on one self-contained page for the office.

Nothing is fetched: styles, the small officer filter script and the charts
(SVG drawn here) are inline, so the page opens offline from a file share.
It is an office document: it shows unannounced visits and must never be
handed to a facility.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from planner.documents.labels import SLOT_LABELS, WEEKDAYS_JA, ja_month, season_ja
from planner.documents.templates import render_with_font
from planner.documents.view import SLOTS, PlanView
from planner.domain import WEEKDAY_KEYS
from planner.model.terms import term_label_ja

KPI_LABELS = {
    "visits_total": "訪問件数",
    "expected_visitor_minutes_waited": "窓口の待ち時間見込み（人・分／年）",
    "baseline_visitor_minutes_waited": "比較：訪問を空き枠に先着で入れた場合（人・分／年）",
    "visits_in_application_season": "申込期の訪問",
    "visits_on_thinnest_weekdays": "配置の最も少ない曜日の訪問",
    "counter_shortfall_officer_half_days": "窓口の不足（人・半日、Erlang C 比）",
    "slots_below_requirement": "必要人数を下回る半日",
    "service_level_busiest_day": "最繁忙日のサービスレベル",
    "service_level_application_season": "申込期のサービスレベル",
    "waited_application_season": "申込期の待ち時間見込み（人・分）",
    "duty_days_moved_onto": "振替で増やした勤務日",
    "revisited_facilities_with_one_officer": "同じ推進員が続けて訪問した施設",
}


@dataclass
class Entry:
    officer_id: str
    text: str
    css: str


@dataclass
class DayCell:
    day: int
    iso: str
    off: str | None
    duty: str = ""
    entries: list[Entry] = field(default_factory=list)


def _calendar_months(view: PlanView) -> list[dict[str, object]]:
    months: list[dict[str, object]] = []
    for month in view.months:
        weeks: list[list[DayCell | None]] = []
        week: list[DayCell | None] = [None] * month.first.weekday()
        for day in month.days:
            week.append(_day_cell(view, day))
            if len(week) == 7:
                weeks.append(week)
                week = []
        if week:
            weeks.append(week + [None] * (7 - len(week)))
        months.append({"title": ja_month(month.first), "anchor": month.first.strftime("m%Y-%m"), "weeks": weeks})
    return months


def _day_cell(view: PlanView, day: dt.date) -> DayCell:
    off = view.day_off(day)
    cell = DayCell(day.day, day.isoformat(), off if off and day.weekday() < 5 else None)
    if off:
        return cell
    on_duty = [officer for officer in view.officers if view.on_duty(day, officer.id)]
    cell.duty = "勤務 " + "・".join(officer.id for officer in on_duty) if on_duty else ""
    for officer in on_duty:
        for slot in SLOTS:
            activity = view.activity(day, slot, officer.id)
            assert activity is not None
            if activity.kind == "visit" and activity.visit is not None:
                facility = view.facilities[activity.visit.facility_id]
                css = "visit" if activity.visit.announced else "visit unannounced"
                text = f"{officer.id} {SLOT_LABELS[slot]} {facility.name}" + ("" if activity.visit.announced else "（抜き打ち）")
                cell.entries.append(Entry(officer.id, text, css))
            elif activity.kind == "meeting" and activity.meeting is not None:
                cell.entries.append(
                    Entry(officer.id, f"{officer.id} {SLOT_LABELS[slot]} {view.meeting_label(activity.meeting.id)}", "meeting")
                )
    return cell


def _polyline(values: list[float], width: float, height: float, top: float) -> str:
    if not values:
        return ""
    step = width / len(values)
    points = []
    for index, value in enumerate(values):
        y = height - (value / top) * height if top else height
        points.append(f"{index * step:.1f},{y:.1f} {(index + 1) * step:.1f},{y:.1f}")
    return " ".join(points)


def _counter_chart(view: PlanView) -> dict[str, object]:
    """Per working day: walk-ins (bars), and officers at the counter against the Erlang C need (steps)."""
    days: list[dt.date] = []
    arrivals: list[float] = []
    need: list[float] = []
    present: list[float] = []
    for day in view.year_days:
        rows = [view.counter_row(day, slot) for slot in SLOTS]
        if any(row is None for row in rows):
            continue
        days.append(day)
        arrivals.append(sum(row.expected_arrivals for row in rows if row is not None))
        need.append(max(row.required_officers for row in rows if row is not None))
        present.append(min(row.officers_at_counter + row.other_staff for row in rows if row is not None))
    width, height = 960.0, 160.0
    top_arrivals = max(arrivals, default=1.0) or 1.0
    top_staff = float(max(need + present + [1]))
    step = width / max(1, len(days))
    bars = [
        {
            "x": round(index * step, 1),
            "y": round(height - value / top_arrivals * height, 1),
            "w": round(max(step - 0.5, 0.5), 1),
            "h": round(value / top_arrivals * height, 1),
            "title": f"{day.isoformat()} 来庁見込み {value:.0f}人",
        }
        for index, (day, value) in enumerate(zip(days, arrivals))
    ]
    ticks = [
        {"x": round(index * step, 1), "label": f"{day.month}月"}
        for index, day in enumerate(days)
        if index == 0 or day.month != days[index - 1].month
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "top_arrivals": round(top_arrivals),
        "top_staff": int(top_staff),
        "need": _polyline(need, width, height, top_staff),
        "present": _polyline(present, width, height, top_staff),
    }


def _kpis(view: PlanView) -> list[tuple[str, str]]:
    kpis = view.plan.kpis
    rows = []
    for key, label in KPI_LABELS.items():
        value = kpis.get(key)
        if value is None:
            text = "—"
        elif key.startswith("service_level"):
            text = f"{100 * value:.1f}%"
        else:
            text = f"{value:,}" if isinstance(value, int) else str(value)
        rows.append((label, text))
    season = kpis.get("application_season")
    if season:
        rows.insert(0, ("申込期", season_ja(*(dt.date.fromisoformat(season[k]) for k in ("start", "end")))))
    thinnest = kpis.get("thinnest_weekdays") or []
    if thinnest:
        rows.append(("配置の最も少ない曜日", "・".join(WEEKDAYS_JA[WEEKDAY_KEYS.index(day)] for day in thinnest)))
    unannounced = kpis.get("unannounced", {})
    if unannounced.get("largest_weekday_share") is not None:
        rows.append(("事前連絡なし訪問：最多曜日の割合", f"{100 * unannounced['largest_weekday_share']:.0f}%"))
    for key, label in (
        ("rank_correlation_with_list_order", "事前連絡なし訪問：施設一覧順との順位相関"),
        ("rank_correlation_with_block_order", "事前連絡なし訪問：ブロック順との順位相関"),
    ):
        if unannounced.get(key) is not None:
            rows.append((label, f"{unannounced[key]:+.2f}"))
    if unannounced.get("repeats_previous_weekday") is not None:
        rows.append(
            (
                "事前連絡なし訪問：前年と同じ曜日",
                f"{unannounced['repeats_previous_weekday']} / {unannounced['previous_year_compared']}",
            )
        )
    return rows


def write_report(view: PlanView, path: Path) -> Path:
    plan = view.plan
    workload = view.workload()
    html = render_with_font(
        "report.html.j2",
        name=view.name,
        fiscal_year=view.instance.spec.fiscal_year,
        status=plan.run.status.value,
        objective=plan.run.objective,
        bound=plan.run.bound,
        gap=f"{100 * plan.run.gap:.2f}%" if plan.run.gap is not None else "—",
        decided_gap=f"{100 * plan.run.decided_gap:.2f}%" if plan.run.decided_gap is not None else "—",
        floor=plan.run.floor.value if plan.run.floor is not None else "—",
        solve_seconds=f"{plan.run.solve_seconds:.1f}",
        kpis=_kpis(view),
        terms=[(term_label_ja(term), t["value"], t["weight"], t["weighted"]) for term, t in plan.terms.items()],
        officers=[(officer.id, officer.label, workload[officer.id]) for officer in view.officers],
        rounds=[(view.round_label(r), n) for r, n in plan.kpis.get("visits_by_round", {}).items()],
        chart=_counter_chart(view),
        months=_calendar_months(view),
        weekdays=WEEKDAYS_JA,
    )
    path.write_text(html, encoding="utf-8")
    return path
