"""Re-planning: every change to the published plan from the first free day on.

Only active with a :class:`~planner.calendar.problem.Reference` (``planner
replan``). The default weights (``replan_*`` in ``weights:``) put these far
above the counter's terms, so the plan changes only as much as it must; each
counts one change.
"""

from __future__ import annotations

from collections.abc import Iterator

from ortools.sat.python.cp_model import CpModel, LinearExpr, LinearExprT

from planner.calendar import Problem
from planner.calendar.problem import PublishedVisit, day_of
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables, VisitVar


def _what(problem: Problem, task: int) -> str:
    visit = problem.visits[task]
    return f"{problem.facilities[visit.facility].id} ({problem.rounds[visit.round].id})"


def _replanned_visits(problem: Problem, variables: Variables) -> Iterator[tuple[VisitVar, PublishedVisit, LinearExprT]]:
    """Published visits open to change, with "kept on its published half-day"."""
    reference = problem.reference
    if reference is None:
        return
    for visit in variables.visits:
        published = reference.visits.get(visit.task)
        if published is None or (reference.is_history(day_of(published.slot)) and visit.task not in reference.redo):
            continue  # not published, or history
        yield visit, published, LinearExpr.sum([c.literal for c in visit.choices if c.slot == published.slot])


@term(
    unit="change",
    description="announced visits moved although the facility had been told their date",
    label_ja="通知済み訪問の変更",
)
def replan_notified_move(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """An announced visit whose date the facility was told lands on another half-day: ``1 - sum_o visit[v, o, s*]``."""
    return [
        (f"{_what(problem, visit.task)}: moved from {problem.slot_label(published.slot)}", 1 - kept)
        for visit, published, kept in _replanned_visits(problem, variables)
        if published.notified
    ]


@term(unit="change", description="other published visits moved (or another facility sampled)", label_ja="その他の訪問の変更")
def replan_visit_move(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Any other published visit on another half-day, and a sampled round picking a facility the published plan did not."""
    if problem.reference is None:
        return []
    charges: list[Charge] = [
        (f"{_what(problem, visit.task)}: moved from {problem.slot_label(published.slot)}", 1 - kept)
        for visit, published, kept in _replanned_visits(problem, variables)
        if not published.notified
    ]
    for visit in variables.visits:
        if (
            visit.task not in problem.reference.visits
            and problem.rounds[problem.visits[visit.task].round].sample_size is not None
        ):
            charges.append((f"{_what(problem, visit.task)}: sampled instead of a published pick", visit.present))
    return charges


@term(
    unit="change", description="visits kept on their half-day by another officer", label_ja="訪問担当の交代", names_officers=True
)
def replan_officer_change(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """A visit kept on its published half-day by another officer than published."""
    if not variables.by_officer:  # by slot, the second stage names officers
        return []
    charges: list[Charge] = []
    for visit, published, kept in _replanned_visits(problem, variables):
        same_officer = [c.literal for c in visit.choices if (c.officer, c.slot) == (published.officer, published.slot)]
        charges.append(
            (
                f"{_what(problem, visit.task)}: another officer than {problem.officers[published.officer].id}",
                kept - LinearExpr.sum(same_officer),
            )
        )
    return charges


@term(unit="change", description="meetings moved from their published day", label_ja="会議日の変更")
def replan_meeting_move(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """A meeting held elsewhere than published: ``1 - held[published option]``."""
    reference = problem.reference
    if reference is None:
        return []
    charges: list[Charge] = []
    for meeting in variables.meetings:
        slots = reference.meetings.get(meeting.task)
        if slots is None or reference.is_history(day_of(slots[0])):
            continue
        kept = [option.held for option in meeting.options if option.option.slots == slots]
        charges.append((f"{problem.meetings[meeting.task].id}: moved", 1 - LinearExpr.sum(kept)))
    return charges


@term(unit="change", description="duty days added or removed against the published roster", label_ja="勤務日の変更")
def replan_duty_change(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """``|duty[o, d] - published[o, d]|`` per officer and day from the first free day."""
    reference = problem.reference
    if reference is None:
        return []
    charges: list[Charge] = []
    for officer, days in enumerate(variables.duty):
        for day, literal in days.items():
            if not reference.is_history(day):
                change = (1 - literal) if (officer, day) in reference.duty else literal
                charges.append((f"{problem.officers[officer].id} {problem.day_labels[day]}", change))
    return charges
