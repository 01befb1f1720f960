"""Write the counter report: CSV tables and a chart of the year (Japanese labels)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from planner.documents.labels import season_ja
from planner.io.writers import write_directory
from planner.report.counter import PeriodFigures, SlotFigures

REPORT_FILES = ("counter_slots.csv", "counter_weeks.csv", "counter_months.csv", "counter_chart.png")


def write_counter_report(
    out_dir: Path | str,
    title: str,
    slots: Sequence[SlotFigures],
    weeks: Sequence[PeriodFigures],
    months: Sequence[PeriodFigures],
    season: tuple[str, str],
) -> Path:
    """Write the three tables and the chart atomically into ``out_dir`` (``season``: first and last ISO day, shaded)."""

    def fill(staging: Path) -> None:
        pd.DataFrame([asdict(row) for row in slots]).to_csv(staging / "counter_slots.csv", index=False)
        pd.DataFrame([asdict(row) for row in weeks]).to_csv(staging / "counter_weeks.csv", index=False)
        pd.DataFrame([asdict(row) for row in months]).to_csv(staging / "counter_months.csv", index=False)
        draw_counter_chart(staging / "counter_chart.png", title, slots, season)

    return write_directory(out_dir, fill, "counter")


def draw_counter_chart(path: Path, title: str, slots: Sequence[SlotFigures], season: tuple[str, str]) -> None:
    """Daily walk-ins (bars) against required and present counter staff (steps), season shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import matplotlib_fontja

    matplotlib_fontja.japanize()  # a font bundled with the package: nothing is downloaded

    days = sorted({row.date for row in slots})
    per_day = {day: [row for row in slots if row.date == day] for day in days}
    dates = mdates.date2num([dt.date.fromisoformat(day) for day in days])
    arrivals = [sum(row.expected_arrivals for row in per_day[day]) for day in days]
    required = [max(row.required_officers for row in per_day[day]) for day in days]
    present = [min(row.officers_at_counter + row.other_staff for row in per_day[day]) for day in days]

    figure, demand_axis = plt.subplots(figsize=(13, 5.2), dpi=110)
    staff_axis = demand_axis.twinx()
    first, last = (dt.date.fromisoformat(day) for day in season)
    shaded = mdates.date2num([first, last])
    demand_axis.axvspan(shaded[0], shaded[1], color="#f4c542", alpha=0.25, label=f"入所申込期間（{season_ja(first, last)}）")
    demand_axis.bar(dates, arrivals, width=1.0, color="#9db9d8", label="来庁見込み（人/日）")
    staff_axis.step(dates, required, where="mid", color="#c0392b", linewidth=1.4, label="必要人数（Erlang C、半日の最大）")
    staff_axis.step(dates, present, where="mid", color="#1e8449", linewidth=1.4, label="窓口の人数（半日の最小）")
    demand_axis.set_ylabel("来庁見込み（人/日）")
    staff_axis.set_ylabel("人数")
    staff_axis.set_ylim(0, max(required + present + [1]) + 1)
    demand_axis.set_title(title)
    handles = [h for axis in (demand_axis, staff_axis) for h in axis.get_legend_handles_labels()[0]]
    labels = [label for axis in (demand_axis, staff_axis) for label in axis.get_legend_handles_labels()[1]]
    demand_axis.legend(handles, labels, loc="upper left", fontsize=9)
    demand_axis.xaxis.set_major_locator(mdates.MonthLocator())
    demand_axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y年%-m月"))
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
