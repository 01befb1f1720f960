"""Japanese words and formats for everything people read (calendars, workbook, notices, report).

Machine files stay English and ISO; this module is the one place that knows how
a date, a half-day, a round or a meeting is written for a Japanese reader.
"""

from __future__ import annotations

import datetime as dt

from planner.domain import Facility, Meeting, Round

WEEKDAYS_JA = ("月", "火", "水", "木", "金", "土", "日")
SLOT_LABELS = {"am": "午前", "pm": "午後"}
SLOT_HOURS = {"am": ((8, 30), (12, 0)), "pm": ((13, 0), (17, 15))}
"""Office hours of each half-day (DESIGN.md: am 08:30-12:00, pm 13:00-17:15)."""

CATEGORY_LABELS = {"community": "地域型保育事業", "unlicensed": "認可外保育施設"}
TYPE_LABELS = {
    "small_scale": "小規模保育",
    "family_based": "家庭的保育",
    "workplace": "事業所内保育",
    "home_visit": "居宅訪問型保育",
    "certified": "認証保育所",
    "regular_use": "定期利用保育",
    "company_led": "企業主導型保育",
    "other_unlicensed": "その他の認可外保育施設",
}
MEETING_KIND_LABELS = {
    "officers": "推進員ミーティング",
    "directors": "小規模保育施設長会",
    "coordinators": "子育て支援センター連絡会",
    "block": "基幹型ブロック会議",
    "outreach": "出張相談",
}


def ja_date(day: dt.date, *, weekday: bool = True) -> str:
    """``2017年5月10日（水）``."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{WEEKDAYS_JA[day.weekday()]}）" if weekday else text


def season_ja(first: dt.date, last: dt.date) -> str:
    """``10月1日〜11月30日``: the application season in the labels."""
    return f"{first.month}月{first.day}日〜{last.month}月{last.day}日"


def ja_month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def slot_hours_text(slot: str) -> str:
    """``午前 8:30〜12:00``."""
    (start_h, start_m), (end_h, end_m) = SLOT_HOURS[slot]
    return f"{SLOT_LABELS[slot]} {start_h}:{start_m:02d}〜{end_h}:{end_m:02d}"


def slot_times(day: dt.date, slot: str) -> tuple[dt.time, dt.time]:
    (start_h, start_m), (end_h, end_m) = SLOT_HOURS[slot]
    return dt.time(start_h, start_m), dt.time(end_h, end_m)


def round_label(round_: Round) -> str:
    """The round's own ``label``, else a name derived from whom it visits and how."""
    if round_.label:
        return round_.label
    if round_.applies_to == "new":
        return "新規開設施設訪問"
    if round_.applies_to == "unlicensed":
        return "認可外保育施設訪問" if round_.announced else "認可外保育施設訪問（事前連絡なし）"
    if round_.sample_size is not None:
        return "抽出巡回訪問" if round_.announced else "抽出巡回訪問（事前連絡なし）"
    return "巡回訪問（日程調整）" if round_.announced else "巡回訪問（事前連絡なし）"


def meeting_label(meeting: Meeting) -> str:
    return meeting.label or MEETING_KIND_LABELS.get(meeting.kind, meeting.kind)


def facility_type_label(facility: Facility) -> str:
    return TYPE_LABELS.get(facility.type, facility.type)
