"""What a solve returns, index-based and free of solver objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.bounds import Floor


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
class Calendar:
    """What the by-slot stage decides: the roster, each made visit's slot, each meeting's option.

    Officers are counted there, not named: ``meetings`` carry attendees only for
    all-officer meetings; :mod:`planner.assign` names the rest.
    """

    duty: tuple[tuple[int, int], ...]
    visit_slots: dict[int, int]
    """Visit task -> slot, for the visits made."""
    meetings: tuple[MeetingDecision, ...]


@dataclass(frozen=True)
class WindowFigures:
    """What the window phase of a large calendar did (:mod:`planner.solve.windows`)."""

    windows: int
    """Windows solved."""
    improved: int
    """Windows whose answer was better than the plan they started from."""
    proven: int
    """Windows solved to optimality (with the rest of the year fixed)."""
    widest_weeks: int
    start_objective: float
    """The start calendar's objective, where the windows started."""
    objective: float
    """The windows' best plan, where the whole model started."""
    seconds: float
    whole_model_seconds: float
    """Seconds the whole model had after the windows."""
    trajectory: tuple[tuple[float, float], ...] = ()
    """(seconds from the windows' start, objective) at each improvement."""


@dataclass(frozen=True)
class StageResult:
    """One solve of a run (CP-SAT's or HiGHS's), as the solver gave it."""

    name: str
    """``calendar`` (by slot), ``officers`` (names with the calendar fixed) or ``single`` (per officer)."""
    terms: tuple[str, ...]
    """The objective terms this stage minimises (weighted sum)."""
    status: SolveStatus
    objective: float | None
    bound: float | None
    seconds: float
    stopped_by: str
    """``proof`` (optimal or infeasible proven), ``wall clock``, ``work limit`` (deterministic), ``fallback``
    or ``given`` (a calendar read from another solver's solution file, :mod:`planner.solve.given`)."""
    model_size: dict[str, int] = field(default_factory=dict)
    first_solution_seconds: float | None = None
    """Seconds from the stage's start to its first solution."""
    one_percent_seconds: float | None = None
    """Seconds from the stage's start until its objective was within 1 % of its bound."""
    windows: WindowFigures | None = None
    """For a calendar searched by windows of weeks before the whole model: what they did."""
    solver: str = "cp-sat"
    """Who solved it: ``cp-sat``, ``highs`` or ``scip`` (the same model as a MIP, :mod:`planner.solve.mip`), or
    ``file`` (another solver's solution, read back)."""

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


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
    objective_mode: str = "weighted-sum"
    """``weighted-sum`` (one model) or ``lexicographic`` (calendar terms first, then officer terms)."""
    stages: tuple[StageResult, ...] = ()
    floor: Floor | None = None
    """A value no plan's objective can go below, its parts and method (:mod:`planner.bounds`)."""
    model: str = "two-stage"
    deterministic: bool = False
    visits_replaced: bool = False
    """The search's plan waited more than the earliest-free baseline on its own roster, so its visits were
    re-placed by the least-waiting flow (:mod:`planner.solve.start`): the objective is the re-placed plan's,
    the bound the search's (still valid: the same model), the status FEASIBLE."""

    @property
    def decided_gap(self) -> float | None:
        """The gap on what the plan decides: ``(objective - max(bound, floor)) / (objective - floor)``."""
        if self.objective is None or self.bound is None or self.floor is None:
            return None
        floor = self.floor.value
        return max(0.0, self.objective - max(self.bound, floor)) / max(1.0, self.objective - floor)
