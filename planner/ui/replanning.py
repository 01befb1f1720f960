"""The browser's "re-plan the rest": ``planner replan`` in a process of its own.

The re-plan is exactly the command line's (:func:`planner.pipeline.replan_of`): the
published plan the page was opened on is the reference, the page's journal the
changes (hand moves and pins are kept), ``as_of`` the first day that may change,
solved deterministically (work units), so the command written at the top of the
saved ``journal.yaml`` makes the same plan again. It runs in a child process so
that the page stays responsive and Cancel can stop it at once; its progress lines
and its result come back through a queue.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
from dataclasses import dataclass, field
from typing import Any

from planner.domain import Instance
from planner.io.plan_files import PlanFiles
from planner.replan.changes import Changes
from planner.score import Decisions, decisions_of_solution
from planner.solve import SolveParams


@dataclass(frozen=True)
class ReplanJob:
    instance: Instance
    published: PlanFiles
    published_dir: str
    changes: Changes
    as_of: dt.date
    params: SolveParams
    base_plan: Decisions | None = None
    """The page's plan as ``published`` holds it (kept to save the re-plan's inputs)."""
    until: dt.date | None = None
    """The last day it may change (``None``: the year's end)."""


@dataclass(frozen=True)
class ReplanOutcome:
    status: str
    plan: Decisions | None
    objective: float | None = None
    """The re-plan's own objective (changes against the published plan weighed in)."""
    bound: float | None = None
    reason: str = ""


def _run(job: ReplanJob, messages: Any) -> None:
    """The child process: solve, send progress lines and the outcome."""
    from planner.errors import PlannerError
    from planner.pipeline import replan_of

    try:
        replanned = replan_of(
            job.instance,
            job.published,
            job.changes,
            job.as_of,
            job.params,
            source="the page's journal",
            published_dir=job.published_dir,
            progress=lambda line: messages.put(("line", line)),
            until=job.until,
        )
    except PlannerError as error:
        messages.put(("done", ReplanOutcome("BAD_INPUT", None, reason=str(error))))
        return
    result = replanned.result
    if result.solution is None:
        reason = "; ".join(result.explanation) or "no plan within the limit"
        messages.put(("done", ReplanOutcome(result.status.value, None, reason=reason)))
        return
    plan = decisions_of_solution(result.solution, job.params.seed)
    messages.put(("done", ReplanOutcome(result.status.value, plan, result.objective, result.bound)))


@dataclass
class Replanner:
    """One re-plan at a time: start, read its progress, cancel, take its outcome."""

    lines: list[str] = field(default_factory=list)
    outcome: ReplanOutcome | None = None
    job: ReplanJob | None = None
    _process: Any = None
    _messages: Any = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive() and self.outcome is None

    def start(self, job: ReplanJob) -> None:
        if self.running:
            raise RuntimeError("a re-plan is already running")
        context = multiprocessing.get_context("spawn")  # no fork of the server's threads
        self._messages = context.Queue()
        self.lines, self.outcome, self.job = [], None, job
        self._process = context.Process(target=_run, args=(job, self._messages), daemon=True)
        self._process.start()

    def poll(self) -> None:
        """Take in what the child sent; a child that died without an outcome is a failed re-plan."""
        if self._messages is None:
            return
        while True:
            try:
                kind, payload = self._messages.get_nowait()
            except queue.Empty:
                break
            if kind == "line":
                self.lines.append(payload)
            else:
                self.outcome = payload
        if self.outcome is None and self._process is not None and not self._process.is_alive():
            self._drain_after_exit()

    def _drain_after_exit(self) -> None:
        """The child ended: its last messages may still be in the queue (or it died without an outcome)."""
        try:
            kind, payload = self._messages.get(timeout=0.5)
        except queue.Empty:
            self.outcome = ReplanOutcome("FAILED", None, reason=f"the re-plan stopped (exit code {self._process.exitcode})")
            return
        if kind == "done":
            self.outcome = payload
        else:
            self.lines.append(payload)
            self.poll()

    def cancel(self) -> None:
        """Stop a running re-plan at once (one that already ended keeps its outcome)."""
        if self._process is not None and self._process.is_alive() and self.outcome is None:
            self._process.terminate()
            self._process.join(timeout=5)
            self.outcome = ReplanOutcome("CANCELLED", None, reason="cancelled")

    def clear(self) -> None:
        """Forget the last re-plan (its outcome was taken or discarded)."""
        if self.running:
            self.cancel()
        self.lines, self.outcome, self.job, self._process, self._messages = [], None, None, None, None
