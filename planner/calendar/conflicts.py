"""Pre-solve conflict counts: rules that visibly cannot all hold, found before any solve.

Each check counts what the rules force into a span against what the roster can
give there (a Hall-type condition), and says the clash in words with its
numbers; :func:`planner.calendar.expand` puts them in ``Problem.conflicts``.
"""

from __future__ import annotations

import itertools

from planner.calendar.problem import Problem
from planner.domain import WEEKDAY_KEYS


def presolve_conflicts(problem: Problem) -> list[str]:
    """Every clash the counts below prove, in words (empty when none is visible)."""
    return _floor_conflicts(problem) + _capacity_conflicts(problem) + _all_officer_meeting_conflicts(problem)


def _floor_conflicts(problem: Problem) -> list[str]:
    """Days that can never have ``counter_min`` officers on duty.

    Only an all-officer meeting lifts the floor, and only in its own slot, so a
    day whose most officers on duty fall below the floor breaks it for sure
    (e.g. ``headcount.thu: 0`` with ``counter_min: 1``). One line per weekday.
    """
    short: dict[int, list[int]] = {}
    for day, most in enumerate(problem.day_max_on_duty):
        if most < problem.day_floor(day):
            short.setdefault(problem.day_weekday[day], []).append(day)
    return [
        f"counter floor: on {len(days)} {WEEKDAY_KEYS[weekday]} day(s) from {problem.day_labels[days[0]]} at most "
        f"{problem.day_max_on_duty[days[0]]} officer(s) can be on duty (headcount.{WEEKDAY_KEYS[weekday]} "
        f"{problem.day_target[days[0]]}, or officers unavailable), below counter_min {problem.counter_min}"
        for weekday, days in sorted(short.items())
    ]


def _capacity_conflicts(problem: Problem) -> list[str]:
    """Hall-type check: visits forced into a span vs. free officer half-days there.

    For every span [a, b] between a window start and a window end, the visits
    whose windows lie inside it must fit the officer half-days free beside the
    counter floor. The count of free half-days is an upper bound (it ignores
    meetings), so a conflict reported here is certain.
    """
    demands: list[tuple[int, int, int, str]] = []  # (first slot, last slot, officer half-days, round or meeting)
    for round_ in problem.rounds:
        windows = [problem.visits[visit].slots for visit in round_.visits]
        if round_.sample_size is not None and windows:
            demands.append((min(w[0] for w in windows), max(w[-1] for w in windows), round_.sample_size, f"round {round_.id}"))
        else:
            demands.extend((window[0], window[-1], 1, f"round {round_.id}") for window in windows)
    for meeting in problem.meetings:
        # A meeting of N officers takes N officer half-days per half-day it lasts, like N visits.
        if meeting.attendees is not None and meeting.options:
            demands.append(
                (
                    min(o.slots[0] for o in meeting.options),
                    max(o.slots[-1] for o in meeting.options),
                    meeting.attendees * min(len(o.slots) for o in meeting.options),
                    f"meeting {meeting.id}",
                )
            )
    starts = sorted({demand[0] for demand in demands})
    ends = sorted({demand[1] for demand in demands})
    conflicts = []
    for first, last in itertools.product(starts, ends):
        inside = [demand for demand in demands if first <= demand[0] and demand[1] <= last]
        needed = sum(demand[2] for demand in inside)
        if not inside or needed == 0:
            continue
        free = _free_half_days(problem, first // 2, last // 2)
        if needed > free:
            labels = sorted({demand[3] for demand in inside})
            rounds = [label.removeprefix("round ") for label in labels if label.startswith("round ")]
            meetings = [label.removeprefix("meeting ") for label in labels if label.startswith("meeting ")]
            names = " and ".join(
                part
                for part in (
                    f"rounds {', '.join(rounds)}" if rounds else "",
                    f"meetings {', '.join(meetings)}" if meetings else "",
                )
                if part
            )
            visits = sum(demand[2] for demand in inside if demand[3].startswith("round "))
            what = (
                f"{needed} visits"
                if visits == needed
                else f"{needed} officer half-days for meetings"
                if visits == 0
                else f"{needed} officer half-days ({visits} for visits, {needed - visits} for meetings)"
            )
            conflicts.append(
                f"{names}: {what} must fall between {problem.day_labels[first // 2]} and "
                f"{problem.day_labels[last // 2]}, but at most {free} officer half-days are free there "
                f"beside the counter floor (counter_min={problem.counter_min})"
            )
    return conflicts


def _days_with_everyone(problem: Problem, week: int) -> int:
    """Most days of a week on which every available officer can be on duty.

    Such a day takes one duty day of each available officer; every other day
    still needs its counter floor; the week's duty days are fixed
    (``Week.duty_total``), and nobody works more than ``days_per_week``.
    """
    days = problem.weeks[week].days
    everyone = {day: [o for o in problem.officers if day in o.available_days] for day in days}
    budget = problem.weeks[week].duty_total - sum(problem.day_floor(day) for day in days)
    count = 0
    for day in sorted(days, key=lambda day: len(everyone[day])):
        extra = len(everyone[day]) - problem.day_floor(day)
        if not everyone[day] or extra > budget:
            continue
        budget -= extra
        count += 1
    # Officers there all week are on duty on every such day: no more of them than their days a week.
    steady = [o.days_per_week for o in problem.officers if all(day in o.available_days for day in days)]
    return min([count, *steady])


def _all_officer_meeting_conflicts(problem: Problem) -> list[str]:
    """Hall-type check for ``attendees: all`` meetings: half-days with every officer on duty.

    Two such meetings never share a half-day (an officer does one thing at a
    time), so the meetings whose possible days all lie in a span of weeks need
    that many half-days with everyone on duty there: at most two a day, on at
    most :func:`_days_with_everyone` days a week.
    """
    spans = []
    for meeting in problem.meetings:
        if meeting.attendees is not None or not meeting.options:
            continue
        weeks = [problem.day_week[option.day] for option in meeting.options]
        spans.append((min(weeks), max(weeks), min(len(option.slots) for option in meeting.options), meeting.id))
    conflicts = []
    reported: set[tuple[str, ...]] = set()
    for first, last in sorted({(a[0], b[1]) for a in spans for b in spans if a[0] <= b[1]}):
        inside = [span for span in spans if first <= span[0] and span[1] <= last]
        needed = sum(span[2] for span in inside)
        capacity = {week: _days_with_everyone(problem, week) for week in range(first, last + 1)}
        available = 2 * sum(capacity.values())
        names = tuple(sorted(span[3] for span in inside))
        if needed > available and names not in reported:
            reported.add(names)
            start, end = problem.weeks[first].days[0], problem.weeks[last].days[-1]
            conflicts.append(
                f"meetings {', '.join(names)} (all officers) must be held between {problem.day_labels[start]} and "
                f"{problem.day_labels[end]}, {needed} half-day(s) with every officer on duty, but the duty days "
                f"there allow at most {sum(capacity.values())} day(s) with everyone on duty beside the counter floor "
                f"({available} half-days)"
            )
    return conflicts


def _free_half_days(problem: Problem, first_day: int, last_day: int) -> int:
    floor = problem.day_floor
    available = problem.day_max_on_duty
    free = 0
    for week in problem.weeks:
        inside = [day for day in week.days if first_day <= day <= last_day]
        if not inside:
            continue
        reserved = sum(min(floor(day), available[day]) for day in week.days if day not in inside)
        by_day = sum(max(0, available[day] - floor(day)) for day in inside)
        by_week = min(week.duty_total - reserved, sum(available[day] for day in inside)) - sum(floor(day) for day in inside)
        free += 2 * max(0, min(by_day, by_week))
    return free
