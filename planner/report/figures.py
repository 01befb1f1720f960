"""Every figure a summary table shows (what-if comparisons, office sets), named once.

A table picks its figures by key; the screen, the CSV and the HTML page of
each table read the labels and formats from here, so no two outputs disagree.
"""

from __future__ import annotations

from typing import Any

from planner.report.formats import Figure, count, delta_points, gap, share


def per_officer(value: Any) -> str:
    """``A:12 B:11 C:9``."""
    return "-" if not value else " ".join(f"{officer}:{number}" for officer, number in value.items())


_FIGURES: tuple[Figure, ...] = (
    Figure("officers", "officers", "推進員", count, summed=True),
    Figure("facilities", "facilities", "施設", count, summed=True),
    Figure("waited_year", "visitor-min waited, year", "窓口の待ち時間（人・分／年）", count, True, summed=True),
    Figure("waited_season", "visitor-min waited, season", "待ち時間：申込期", count, True, summed=True),
    Figure("waited_deadline_day", "visitor-min waited, deadline day", "待ち時間：申込締切日", count, True, summed=True),
    Figure("service_level_season", "service level, season", "サービスレベル：申込期", share, False, delta_points),
    Figure(
        "service_level_season_outside_deadline",
        "service level, season w/o deadline",
        "サービスレベル：申込期（締切日を除く）",
        share,
        False,
        delta_points,
    ),
    Figure("service_level_deadline_day", "service level deadline day", "サービスレベル：締切日", share, False, delta_points),
    Figure(
        "shortfall_half_days", "Erlang C shortfall (half-days)", "窓口の不足（人・半日、Erlang C 比）", count, True, summed=True
    ),
    Figure("visits", "visits", "訪問件数", count, None, summed=True),
    Figure("outreach_half_days", "outreach half-days", "出張相談（人・半日）", count, None, summed=True),
    Figure("visits_season", "visits in season", "申込期の訪問", count, True, summed=True),
    Figure("visits_deadline_week", "visits in deadline week", "締切週の訪問", count, True, summed=True),
    Figure("visits_by_officer", "visits per officer", "推進員ごとの訪問", per_officer, None, None),
    Figure("duty_days_by_officer", "duty days per officer", "推進員ごとの勤務日", per_officer, None, None),
    Figure("swapped_days", "swapped duty days", "振替で増やした勤務日", count, True, summed=True),
    Figure("gap", "solver gap", "ギャップ（ソルバー）", gap, None, None),
    Figure("decided_gap", "gap on what the plan decides", "計画で左右できる部分のギャップ", gap, None, None),
)

FIGURES: dict[str, Figure] = {figure.key: figure for figure in _FIGURES}
