"""What a solve returns, index-based and free of solver objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class SolveStatus(str, Enum):
    """Outcome of a solve, as the solver gave it (NO_PLAN = CP-SAT's UNKNOWN)."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    NO_PLAN = "NO_PLAN"

    @property
    def has_plan(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class VisitDecision:
    task: int
    officer: int
    slot: int


@dataclass(frozen=True)
class MeetingDecision:
    meeting: int
    day: int
    slots: tuple[int, ...]
    attendees: tuple[int, ...]


@dataclass(frozen=True)
class TermValue:
    """An objective term: its unweighted value and weighted contribution."""

    value: int
    weight: int

    @property
    def weighted(self) -> int:
        return self.value * self.weight


@dataclass(frozen=True)
class Solution:
    duty: tuple[tuple[int, int], ...]
    """(officer, day) pairs on duty."""
    visits: tuple[VisitDecision, ...]
    meetings: tuple[MeetingDecision, ...]
    terms: dict[str, TermValue]


@dataclass(frozen=True)
class Result:
    status: SolveStatus
    solution: Solution | None
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    seed: int
    workers: int
    time_limit: float
    explanation: tuple[str, ...] = field(default=())
    """Why there is no plan, in words (INFEASIBLE and NO_PLAN)."""
    model_size: dict[str, int] = field(default_factory=dict)
