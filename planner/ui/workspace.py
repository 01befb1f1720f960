"""What the browser edits: a plan, the edits made to it (the journal), undo and redo, saving.

The workspace holds the published plan it was opened on and the current plan,
both as :class:`~planner.score.Decisions` of the instance's problem. Every edit
makes a new :class:`Edit` (the plan, the journal, the checker's verdict), so undo
and redo step through a list. ``version`` counts the edits applied, undone and
redone: a request made from an older version is refused (another tab changed the
plan), never applied on top.

The journal is what ``planner replan`` reads (``changes:``): a hand move is a
``visit_moved`` (date, half-day, officer), a pin a ``visit_pinned``,
``meeting_pinned`` or ``duty_pinned``; one entry per item, the latest. Saving
writes the usual plan folder (contract files and documents, atomically) plus
``journal.yaml`` and, after a re-plan, its inputs in ``replan-base/`` (the plan
it started from and the changes it kept): the command written at the top of the
journal re-makes that re-plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planner.bounds import Floor
from planner.calendar import SLOT_NAMES, Problem, expand
from planner.calendar.problem import day_of
from planner.check import check_plan
from planner.check.violations import Violation
from planner.domain import Instance
from planner.errors import InstanceError, PlanReadError
from planner.io.plan_files import PlanFiles, read_plan_files
from planner.io.readers import load_changes, load_instance
from planner.options import (
    Pricer,
    meeting_options,
    moved,
    moved_meeting,
    option_document,
    options_document,
    visit_task,
)
from planner.plan import Plan, make_plan
from planner.replan.changes import Change, Changes, DutyPinned, MeetingPinned, VisitMoved, VisitPinned
from planner.score import Decisions, objective, read_decisions, score
from planner.solution import Result, Solution, SolveStatus
from planner.ui.replanning import ReplanJob

JOURNAL = "journal.yaml"
REPLAN_BASE = "replan-base"
"""Sub-folder of a saved plan: the plan the last re-plan started from and the changes it kept (its inputs)."""


class EditRefused(Exception):
    """A request the workspace will not apply: a stale version, an unknown visit, a move needing confirmation."""

    def __init__(self, message: str, status: int = 400, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.details = details


@dataclass(frozen=True)
class Edit:
    plan: Decisions
    journal: tuple[Change, ...]
    """The latest change of each item (a visit, a meeting, an officer's day), in the order made."""
    violations: tuple[Violation, ...]
    """The independent checker's verdict on ``plan``."""
    label: str
    replanned: ReplanJob | None = None
    """The re-plan that made ``plan`` (its inputs and settings, so the command line can make it again)."""
    objective_status: str = "FEASIBLE"
    """OPTIMAL only for the plan as the solver proved it, before any hand edit."""

    def change_of(self, key: str) -> Change | None:
        return next((change for change in self.journal if key_of(change) == key), None)

    def with_change(self, key: str, change: Change | None) -> tuple[Change, ...]:
        kept = [old for old in self.journal if key_of(old) != key]
        return tuple(kept if change is None else [*kept, change])


@dataclass
class Workspace:
    instance: Instance
    problem: Problem
    published_dir: Path
    published: PlanFiles
    out_dir: Path
    history: list[Edit] = field(default_factory=list)
    position: int = 0
    version: int = 0

    # Opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, instance_dir: Path, plan_dir: Path, out_dir: Path | None = None) -> Workspace:
        """The plan of ``plan_dir``; resumed from ``out_dir`` when an earlier session saved there."""
        instance = load_instance(instance_dir)
        published = read_plan_files(plan_dir)
        if published.document.get("instance") != instance.name:
            raise PlanReadError(
                f"{Path(plan_dir) / 'plan.json'}: the plan is for instance {published.document.get('instance')!r}, "
                f"not {instance.name!r}"
            )
        problem = expand(instance)
        target = out_dir if out_dir is not None else plan_dir.parent / f"{plan_dir.name}-edited"
        if Path(target).resolve() == Path(plan_dir).resolve():
            raise InstanceError(f"--out {target}: that is the published plan itself; save the edited plan beside it")
        workspace = cls(instance, problem, Path(plan_dir), published, target)
        start = read_decisions(problem, published)
        status = str(published.document.get("status", "FEASIBLE"))
        first = Edit(start, (), tuple(workspace.check(start, status)), "opened", objective_status=status)
        workspace.history = [first]
        if (target / JOURNAL).is_file() and (target / "plan.json").is_file():
            workspace._resume(target)
        return workspace

    def _resume(self, saved: Path) -> None:
        files = read_plan_files(saved)
        if files.document.get("instance") != self.instance.name:
            raise PlanReadError(f"{saved / 'plan.json'}: a plan of another instance; give --out another folder")
        plan = read_decisions(self.problem, files)
        changes = load_changes(saved / JOURNAL)
        for change in changes.changes:
            if not isinstance(change, (VisitMoved, VisitPinned, MeetingPinned, DutyPinned)):
                raise InstanceError(f"{saved / JOURNAL}: {change.kind}: not an edit the browser makes")
            if isinstance(change, (VisitMoved, VisitPinned)):
                visit_task(self.problem, f"{change.facility}/{change.round}")  # an unknown visit is an input error
        self._push(Edit(plan, tuple(changes.changes), tuple(self.check(plan)), f"resumed from {saved}"))

    # State --------------------------------------------------------------------------------

    @property
    def current(self) -> Edit:
        return self.history[self.position]

    def expect(self, version: int | None) -> None:
        """Refuse a request made from another version of the plan (another tab, an old page)."""
        if version != self.version:
            raise EditRefused(
                f"the plan changed since this page loaded it (version {version}, now {self.version}): reload", status=409
            )

    def _push(self, edit: Edit) -> Edit:
        del self.history[self.position + 1 :]
        self.history.append(edit)
        self.position = len(self.history) - 1
        self.version += 1
        return edit

    def undo(self, version: int | None) -> Edit:
        self.expect(version)
        if self.position == 0:
            raise EditRefused("nothing to undo")
        self.position -= 1
        self.version += 1
        return self.current

    def redo(self, version: int | None) -> Edit:
        self.expect(version)
        if self.position == len(self.history) - 1:
            raise EditRefused("nothing to redo")
        self.position += 1
        self.version += 1
        return self.current

    # Reading ------------------------------------------------------------------------------

    def task(self, visit: str) -> int:
        try:
            return visit_task(self.problem, visit)
        except PlanReadError as error:
            raise EditRefused(str(error), status=404) from None

    def options(self, visit: str) -> dict[str, Any]:
        task = self.task(visit)
        pricer = Pricer(self.problem, self.current.plan)
        if task not in pricer.made:
            raise EditRefused(f"visit {visit}: the plan does not make it", status=404)
        document = options_document(pricer, task)
        document["pinned"] = pin_words(self.current.change_of(f"visit {visit}"))
        return document

    # Edits --------------------------------------------------------------------------------

    def move(self, visit: str, date: str, slot: str, officer: str, *, confirm: bool, version: int | None) -> Edit:
        """Move a visit by hand; a move breaking a rule needs ``confirm`` and stays marked (the checker's verdict)."""
        self.expect(version)
        task = self.task(visit)
        plan = self.current.plan
        made = {decision.task: decision for decision in plan.visits}
        if task not in made:
            raise EditRefused(f"visit {visit}: the plan does not make it", status=404)
        change = self.current.change_of(f"visit {visit}")
        if isinstance(change, VisitPinned):
            raise EditRefused(f"visit {visit} is pinned ({pin_words(change)}): unpin it first")
        where = self.problem.slot_at(date, slot) if slot in SLOT_NAMES else None
        if where is None or where not in self.problem.visits[task].slots:
            raise EditRefused(f"visit {visit}: {date} {slot} is not a half-day of its window")
        officers = [info.id for info in self.problem.officers]
        if officer not in officers:
            raise EditRefused(f"unknown officer {officer!r}")
        index = officers.index(officer)
        if day_of(where) not in self.problem.officers[index].available_days:
            raise EditRefused(f"officer {officer} is not available on {date}")
        broken = Pricer(self.problem, plan).broken_rules(task, where, index)
        if broken and not confirm:
            raise EditRefused(
                "this move breaks a rule: confirm to make it anyway",
                status=409,
                broken=[rule.document() for rule in broken],
            )
        new_plan = moved(plan, task, where, index)
        journal_entry = VisitMoved(
            kind="visit_moved",
            facility=visit.partition("/")[0],
            round=visit.partition("/")[2],
            date=dt.date.fromisoformat(date),
            slot=slot,  # type: ignore[arg-type]
            officer=officer,
        )
        label = f"{visit} → {date} {slot} {officer}"
        return self._push(
            Edit(new_plan, self.current.with_change(f"visit {visit}", journal_entry), tuple(self.check(new_plan)), label)
        )

    def pin(self, visit: str, how: str, *, version: int | None) -> Edit:
        """Pin a visit where it is (``place``), to its date only, to its officer only; ``none`` unpins."""
        self.expect(version)
        task = self.task(visit)
        made = {decision.task: decision for decision in self.current.plan.visits}
        if task not in made:
            raise EditRefused(f"visit {visit}: the plan does not make it", status=404)
        if how not in ("place", "date", "officer", "none"):
            raise EditRefused(f"pin {how!r}: give place, date, officer or none")
        entry = None if how == "none" else self._pin_of(task, made[task].slot, made[task].officer, how)
        edit = dataclasses.replace(
            self.current, journal=self.current.with_change(f"visit {visit}", entry), label=f"{visit}: pin {how}"
        )
        return self._push(edit)

    def pin_announced(self, *, version: int | None) -> Edit:
        """Pin every announced visit to its half-day (the dates agreed with the facilities)."""
        self.expect(version)
        edit = self.current
        journal = edit.journal
        pinned = 0
        for decision in edit.plan.visits:
            if not self.problem.rounds[self.problem.visits[decision.task].round].announced:
                continue
            entry = self._pin_of(decision.task, decision.slot, None, "date-slot")
            if isinstance(edit.change_of(key_of(entry)), VisitMoved):
                continue  # a hand move already holds it where the manager put it
            journal = (*(change for change in journal if key_of(change) != key_of(entry)), entry)
            pinned += 1
        return self._push(dataclasses.replace(edit, journal=journal, label=f"{pinned} announced visits pinned"))

    def _pin_of(self, task: int, slot: int, officer: int | None, how: str) -> VisitPinned:
        visit = self.problem.visits[task]
        date = dt.date.fromisoformat(self.problem.day_labels[day_of(slot)])
        return VisitPinned(
            kind="visit_pinned",
            facility=self.problem.facilities[visit.facility].id,
            round=self.problem.rounds[visit.round].id,
            date=date if how in ("place", "date", "date-slot") else None,
            slot=SLOT_NAMES[slot % 2] if how in ("place", "date-slot") else None,  # type: ignore[arg-type]
            officer=self.problem.officers[officer].id if officer is not None and how in ("place", "officer") else None,
        )

    def _meeting(self, meeting: str) -> int:
        index = next((i for i, task in enumerate(self.problem.meetings) if task.id == meeting), None)
        if index is None or all(decision.meeting != index for decision in self.current.plan.meetings):
            raise EditRefused(f"meeting {meeting!r}: no such meeting in the plan", status=404)
        return index

    def meeting_options(self, meeting: str) -> dict[str, Any]:
        """Every day and half-day the meeting could be held, priced, with the rules each would break."""
        index = self._meeting(meeting)
        pricer = Pricer(self.problem, self.current.plan)
        held = next(decision for decision in self.current.plan.meetings if decision.meeting == index)
        return {
            "meeting": meeting,
            "date": self.problem.day_labels[held.day],
            "pinned": isinstance(self.current.change_of(f"meeting {meeting}"), MeetingPinned),
            "options": [option_document(option, "officers") for option in meeting_options(pricer, index)],
        }

    def move_meeting(self, meeting: str, date: str, slot: str, *, confirm: bool, version: int | None) -> Edit:
        """Hold a meeting on another of its options by hand (pinned there for a re-plan)."""
        self.expect(version)
        index = self._meeting(meeting)
        listed = meeting_options(Pricer(self.problem, self.current.plan), index)
        chosen = next((option for option in listed if (option.date, option.slot) == (date, slot)), None)
        if chosen is None:
            raise EditRefused(f"meeting {meeting}: {date} {slot} is not one of its options")
        if chosen.broken and not confirm:
            raise EditRefused(
                "this move breaks a rule: confirm to make it anyway",
                status=409,
                broken=[rule.document() for rule in chosen.broken],
            )
        new_plan = moved_meeting(self.current.plan, index, day_of(chosen.slots[0]), chosen.slots, chosen.attendees)
        entry = MeetingPinned(kind="meeting_pinned", meeting=meeting, date=dt.date.fromisoformat(date))
        journal = self.current.with_change(f"meeting {meeting}", entry)
        return self._push(Edit(new_plan, journal, tuple(self.check(new_plan)), f"meeting {meeting} → {date} {slot}"))

    def pin_meeting(self, meeting: str, how: str, *, version: int | None) -> Edit:
        """Pin a meeting to the day it is held (``place``), or unpin it (``none``)."""
        self.expect(version)
        index = next((i for i, task in enumerate(self.problem.meetings) if task.id == meeting), None)
        held = next((m for m in self.current.plan.meetings if m.meeting == index), None)
        if index is None or held is None:
            raise EditRefused(f"meeting {meeting!r}: no such meeting in the plan", status=404)
        if how not in ("place", "none"):
            raise EditRefused(f"pin {how!r}: give place or none")
        date = dt.date.fromisoformat(self.problem.day_labels[held.day])
        entry = MeetingPinned(kind="meeting_pinned", meeting=meeting, date=date) if how == "place" else None
        edit = self.current
        journal = edit.with_change(f"meeting {meeting}", entry)
        return self._push(dataclasses.replace(edit, journal=journal, label=f"meeting {meeting}: pin {how}"))

    def pin_duty(self, officer: str, date: str, how: str, *, version: int | None) -> Edit:
        """Pin an officer's duty day (``place``: they stay on duty that day), or unpin it (``none``)."""
        self.expect(version)
        officers = [info.id for info in self.problem.officers]
        day = self.problem.day_index.get(date)
        if officer not in officers:
            raise EditRefused(f"unknown officer {officer!r}", status=404)
        if day is None:
            raise EditRefused(f"{date}: not a working day of the plan's year")
        if how not in ("place", "none"):
            raise EditRefused(f"pin {how!r}: give place or none")
        if how == "place" and (officers.index(officer), day) not in self.current.plan.duty:
            raise EditRefused(f"officer {officer} is not on duty on {date}: only a duty day can be pinned")
        entry = DutyPinned(kind="duty_pinned", officer=officer, date=dt.date.fromisoformat(date)) if how == "place" else None
        edit = self.current
        journal = edit.with_change(f"duty {officer} {date}", entry)
        return self._push(dataclasses.replace(edit, journal=journal, label=f"duty {officer} {date}: pin {how}"))

    def replan_changes(self, as_of: dt.date, until: dt.date | None = None) -> Changes:
        """The journal's entries a re-plan from ``as_of`` (to ``until``) keeps: outside those days the page's plan is history."""
        first, last = as_of.isoformat(), until.isoformat() if until is not None else "9999-12-31"
        placed = {
            f"visit {self.problem.facilities[self.problem.visits[v.task].facility].id}/"
            f"{self.problem.rounds[self.problem.visits[v.task].round].id}": self.problem.day_labels[day_of(v.slot)]
            for v in self.current.plan.visits
        }
        kept = []
        for change in self.current.journal:
            date = getattr(change, "date", None)
            if date is not None and not first <= date.isoformat() <= last:
                continue
            if not first <= placed.get(key_of(change), first) <= last:
                continue  # the visit stands outside the re-plan's days: history already
            kept.append(change)
        return Changes(changes=kept)

    def replan_job(
        self, as_of: dt.date, time_limit: float, seed: int = 0, workers: int = 3, until: dt.date | None = None
    ) -> ReplanJob:
        """A re-plan of the page's plan from ``as_of``: ``planner replan`` with the page's plan as the published one,
        the journal's entries from ``as_of`` on as its changes, solved deterministically (so it can be made again)."""
        from planner.io.writers import plan_files_of
        from planner.solve import SolveParams

        year = self.problem.day_labels
        if not year or not (year[0] <= as_of.isoformat() <= year[-1]):
            raise EditRefused(f"as_of {as_of}: not a day of the plan's year ({year[0]} .. {year[-1]})")
        if until is not None and until < as_of:
            raise EditRefused(f"until {until} is before as_of {as_of}")
        params = SolveParams(time_limit=time_limit, seed=seed, workers=workers, deterministic=True)
        base = plan_files_of(self.as_plan(self.current.plan))
        changes = self.replan_changes(as_of, until)
        return ReplanJob(self.instance, base, "the page's plan", changes, as_of, params, self.current.plan, until)

    def accept(self, plan: Decisions, job: ReplanJob, status: str, *, version: int | None) -> Edit:
        """Take a re-plan's result as the current plan (the journal stays: it is what the re-plan kept)."""
        self.expect(version)
        edit = Edit(
            plan,
            self.current.journal,
            tuple(self.check(plan)),
            f"re-planned from {job.as_of} ({status})",
            replanned=job,
            objective_status="FEASIBLE",  # the re-plan's proof is of its own objective (changes first), not the page's
        )
        return self._push(edit)

    # Checking and saving ------------------------------------------------------------------

    def as_plan(self, plan: Decisions, status: str = "FEASIBLE") -> Plan:
        """A :class:`Plan` of the decisions, scored on the instance (not the solver's figures: the page's)."""
        terms = score(self.problem, plan)
        document = self.published.document
        bound = document.get("bound")
        value = objective(terms)
        floor_doc = document.get("floor") or {}
        floor = Floor(int(floor_doc["value"]), dict(floor_doc.get("parts", {}))) if "value" in floor_doc else None
        result = Result(
            status=SolveStatus(status) if status in ("OPTIMAL", "FEASIBLE") else SolveStatus.FEASIBLE,
            solution=Solution(tuple(sorted(plan.duty)), plan.visits, plan.meetings, terms),
            objective=float(value),
            bound=float(bound) if bound is not None else None,
            gap=None if bound is None else abs(value - float(bound)) / max(1.0, abs(value)),
            solve_seconds=0.0,
            seed=plan.seed,
            workers=int(document.get("workers", 1)),
            time_limit=float(document.get("time_limit", 0.0)),
            floor=floor,
        )
        return make_plan(self.problem, result)

    def check(self, plan: Decisions, status: str = "FEASIBLE") -> list[Violation]:
        from planner.io.writers import plan_files_of

        return check_plan(self.instance, plan_files_of(self.as_plan(plan, status)))

    def journal_document(self, edit: Edit | None = None) -> str:
        edit = edit or self.current
        lines = [f"# Edits made in the browser to {self.published_dir} (planner ui)."]
        job = edit.replanned
        if job is not None:
            params = job.params
            lines.append(
                f"# Last re-plan: planner replan INSTANCE {REPLAN_BASE} --as-of {job.as_of} "
                f"{f'--until {job.until} ' if job.until else ''}--changes {REPLAN_BASE}/changes.yaml --deterministic "
                f"--time-limit {params.time_limit:g} --seed {params.seed} --workers {params.workers}"
            )
        return "\n".join(lines) + "\n" + _changes_yaml(Changes(changes=list(edit.journal)))

    def save(self, *, version: int | None) -> Path:
        """Write the current plan, its documents and the journal into ``out_dir`` (atomically: old or new folder)."""
        from planner.documents import write_documents
        from planner.io.writers import write_plan

        self.expect(version)
        edit = self.current
        plan = dataclasses.replace(
            self.as_plan(edit.plan, edit.objective_status),
            replan={
                "edited_in_browser": True,
                "published_plan": str(self.published_dir),
                "journal": JOURNAL,
                "edits": [earlier.label for earlier in self.history[1 : self.position + 1]],
                "violations": len(edit.violations),
            },
        )
        previous = self.out_dir if self.out_dir.is_dir() else self.published_dir

        def extras(staging: Path) -> None:
            (staging / JOURNAL).write_text(self.journal_document(edit), encoding="utf-8")
            job = edit.replanned
            if job is not None and job.base_plan is not None:
                from planner.io.writers import write_plan_files

                (staging / REPLAN_BASE).mkdir()
                write_plan_files(self.as_plan(job.base_plan), staging / REPLAN_BASE)
                (staging / REPLAN_BASE / "changes.yaml").write_text(_changes_yaml(job.changes), encoding="utf-8")
            write_documents(self.instance, plan, staging, previous=previous)

        return write_plan(plan, self.out_dir, command="ui", extras=extras)


def pin_words(change: Change | None) -> str | None:
    if not isinstance(change, VisitPinned):
        return None
    parts = [str(change.date) if change.date else "", change.slot or "", change.officer or ""]
    return " ".join(part for part in parts if part) or None


def _changes_yaml(changes: Changes) -> str:
    return yaml.safe_dump(changes.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False)


def key_of(change: Change) -> str:
    """The item a journal entry is about: ``visit F/R``, ``meeting ID`` or ``duty OFFICER DATE`` (one entry each)."""
    if isinstance(change, (VisitMoved, VisitPinned)):
        return f"visit {change.facility}/{change.round}"
    if isinstance(change, MeetingPinned):
        return f"meeting {change.meeting}"
    if isinstance(change, DutyPinned):
        return f"duty {change.officer} {change.date.isoformat()}"
    return f"{change.kind} {id(change)}"
