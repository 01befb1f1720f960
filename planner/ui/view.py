"""What the page shows of the workspace, as JSON: the plan, its figures and what the manager did.

Labels for people are Japanese (the page's words); keys and dates are English
and ISO, as in the machine-readable files. The page escapes every text it puts
on screen (it sets ``textContent``, never HTML), so a facility named
``<script>…`` shows as text.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planner.documents.labels import MEETING_KIND_LABELS, WEEKDAYS_JA, round_label
from planner.model.terms import term_label_ja
from planner.options import Pricer
from planner.plan import Plan
from planner.replan.changelist import ChangeRow
from planner.replan.changes import DutyPinned, MeetingPinned, VisitMoved, VisitPinned
from planner.ui.workspace import Workspace, key_of, pin_words

LARGE_OFFICE_VISITS = 150
"""Above this many visits the page's re-plan limit defaults to 60 work units, not 20: measured, a 10 x 200
office (338 visits) re-planned with 10 pins kept its published plan at 20 units and was proven at 60."""


def page_state(workspace: Workspace) -> dict[str, Any]:
    """Everything the page draws, for the current edit."""
    edit = workspace.current
    problem = workspace.problem
    plan = workspace.as_plan(edit.plan, edit.objective_status)
    published_slots = {(row.facility_id, row.round): (row.date.isoformat(), row.slot) for row in workspace.published.visits}
    rounds = {round_.id: round_ for round_ in workspace.instance.spec.rounds}
    facilities = {facility.facility_id: facility for facility in workspace.instance.facilities}
    changes = {key_of(change): change for change in edit.journal}
    # A visit is marked where it stands against a rule (its officer off duty or busy, the counter below its
    # floor): the rules a move is checked against (planner.options, the checker's ids), at its own place.
    pricer = Pricer(problem, edit.plan)
    broken = {d.task for d in edit.plan.visits if pricer.broken_rules(d.task, d.slot, d.officer)}
    task_of = {
        (problem.facilities[task.facility].id, problem.rounds[task.round].id): index for index, task in enumerate(problem.visits)
    }
    visits = []
    for row in plan.visits:
        key = f"{row.facility_id}/{row.round}"
        change = changes.get(f"visit {key}")
        told = row.announced and published_slots.get((row.facility_id, row.round)) == (row.date, row.slot)
        visits.append(
            {
                "key": key,
                "facility_id": row.facility_id,
                "facility": facilities[row.facility_id].name,
                "block": facilities[row.facility_id].block,
                "round": row.round,
                "round_label": round_label(rounds[row.round]) if row.round in rounds else row.round,
                "announced": row.announced,
                "told": told,
                "date": row.date,
                "slot": row.slot,
                "officer": row.officer_id,
                "pinned": pin_words(change) if isinstance(change, VisitPinned) else None,
                "moved": isinstance(change, VisitMoved),
                "broken": task_of[row.facility_id, row.round] in broken,
            }
        )
    meetings: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for seat in plan.meetings:
        meetings[seat.meeting_id, seat.date, seat.slot].append(seat.officer_id)
    kinds = {meeting.id: meeting.kind for meeting in problem.meetings}
    duty: dict[str, list[str]] = defaultdict(list)
    for shift in plan.roster:
        duty[shift.date].append(shift.officer_id)
    return {
        "version": workspace.version,
        "name": problem.name,
        "fiscal_year": problem.fiscal_year,
        "status": plan.run.status.value,
        "objective": plan.run.objective,
        "bound": plan.run.bound,
        "gap": plan.run.gap,
        "can_undo": workspace.position > 0,
        "can_redo": workspace.position < len(workspace.history) - 1,
        "history": [entry.label for entry in workspace.history[: workspace.position + 1]],
        "terms": [
            {"name": name, "label": term_label_ja(name), **figures}
            for name, figures in sorted(plan.terms.items(), key=lambda item: -abs(item[1]["weighted"]))
        ],
        "kpis": _kpis(plan),
        "officers": [{"id": officer.id, "label": officer.label} for officer in problem.officers],
        "rounds": sorted({visit["round"] for visit in visits}),
        "blocks": sorted({visit["block"] for visit in visits}),
        "days": [
            {"date": label, "weekday": WEEKDAYS_JA[problem.day_weekday[day]], "month": label[:7], "week": problem.day_week[day]}
            for day, label in enumerate(problem.day_labels)
        ],
        "duty": duty,
        "visits": visits,
        "meetings": [
            {
                "id": meeting_id,
                "label": MEETING_KIND_LABELS.get(kinds.get(meeting_id, ""), meeting_id),
                "date": date,
                "slot": slot,
                "officers": sorted(officers),
            }
            for (meeting_id, date, slot), officers in sorted(meetings.items())
        ],
        "counter": [
            {
                "date": row.date,
                "slot": row.slot,
                "at_counter": row.officers_at_counter,
                "required": row.required_officers,
                "arrivals": row.expected_arrivals,
                "waiting": round(row.visitor_minutes_waited),
            }
            for row in plan.counter
        ],
        "violations": [{"rule": v.rule, "where": v.where, "message": v.message} for v in edit.violations],
        "journal": [{"key": key_of(change), **change.model_dump(mode="json")} for change in edit.journal],
        "pinned_meetings": sorted(change.meeting for change in edit.journal if isinstance(change, MeetingPinned)),
        "pinned_duty": sorted(
            f"{change.officer} {change.date.isoformat()}" for change in edit.journal if isinstance(change, DutyPinned)
        ),
        "saved_to": str(workspace.out_dir),
        "replan_limit": 20 if problem.required_visits <= LARGE_OFFICE_VISITS else 60,
        "published": str(workspace.published_dir),
    }


def _kpis(plan: Plan) -> dict[str, Any]:
    kpis = plan.kpis
    return {
        "waited_year": round(sum(row.visitor_minutes_waited for row in plan.counter)),
        "waited_season": kpis.get("waited_application_season"),
        "service_level_season": kpis.get("service_level_application_season"),
        "visits": len(plan.visits),
        "visits_in_season": kpis.get("visits_in_application_season"),
    }


def difference(rows: list[ChangeRow]) -> dict[str, Any]:
    """A re-plan's proposal against the current plan: what moves, whom to tell (no facility of an unannounced visit)."""
    return {
        "rows": [row.__dict__ for row in rows],
        "officers": sorted({officer for row in rows for officer in row.tell_officers.split() if officer}),
        "facilities": sorted({row.tell_facility for row in rows if row.tell_facility}),
    }
