"""Assumption literals per rule group, for explaining infeasibility.

When built with guards, every hard-rule constraint of a family is enforced
only if the literal of its group holds: ``(family, key)``, e.g. ``("round",
"announced")``, ``("counter_floor", 18)`` (a week), ``("days_per_week", "A")``.
Solving under the assumption that all of them hold, CP-SAT returns a subset
sufficient for infeasibility (its core); :func:`planner.solve.explain_infeasibility`
shrinks it and puts each group into a sentence with its numbers.  Without
guards (a normal solve) :meth:`Guards.add` does nothing.
"""

from __future__ import annotations

from ortools.sat.python.cp_model import Constraint, CpModel, IntVar

GroupKey = tuple[str, str | int]


class Guards:
    def __init__(self, model: CpModel | None = None) -> None:
        self._model = model
        self.literals: dict[GroupKey, IntVar] = {}

    @property
    def enabled(self) -> bool:
        return self._model is not None

    def add(self, constraint: Constraint, group: str, key: str | int) -> Constraint:
        """Make ``constraint`` hold only while group ``(group, key)`` is assumed."""
        if self._model is None:
            return constraint
        literal = self.literals.get((group, key))
        if literal is None:
            literal = self._model.new_bool_var(f"guard[{group},{key}]")
            self.literals[(group, key)] = literal
        return constraint.only_enforce_if(literal)


def describe_group(problem: object, group: str, key: str | int) -> str:
    """A rule group in words, with the numbers of this problem."""
    from planner.calendar import Problem

    assert isinstance(problem, Problem)
    week_first = (lambda week: problem.day_labels[problem.weeks[week].days[0]]) if problem.weeks else (lambda week: "?")
    if group == "days_per_week":
        officer = next(o for o in problem.officers if o.id == key)
        return f"officer {key} is on duty at most {officer.days_per_week} days a week"
    if group == "weekly_total":
        week = problem.weeks[int(key)]
        return (f"the week of {week_first(int(key))} is given {week.duty_total} duty days "
                f"(headcount targets {week.target_total}, or what the available officers can give)")
    if group == "headcount":
        week = problem.weeks[int(key)]
        targets = ", ".join(f"{problem.day_labels[day][5:]}: {problem.day_target[day]}" for day in week.days)
        return f"in the week of {week_first(int(key))} no day goes above its headcount target ({targets}) but by a meeting's swap"
    if group == "counter_floor":
        week = problem.weeks[int(key)]
        floors = sorted({problem.day_floor(day) for day in week.days})
        return (f"in the week of {week_first(int(key))} the counter keeps {'/'.join(map(str, floors))} officer(s) "
                f"in every half-day (counter_min, less other staff; lifted only during an all-officer meeting)")
    if group == "slot_capacity":
        return (f"in the week of {week_first(int(key))} an officer does one thing per half-day, only on a duty day: "
                f"the visits and meeting seats of a half-day take at most the officers on duty then")
    if group == "one_activity":
        return f"officer {key} visits or meets only on a duty day, one thing per half-day"
    if group == "round":
        round_ = next(r for r in problem.rounds if r.id == key)
        slots = [slot for visit in round_.visits for slot in problem.visits[visit].slots]
        span = f"between {problem.slot_label(min(slots))} and {problem.slot_label(max(slots))}" if slots else "in its windows"
        return f"round {key}: {len(round_.visits)} visit(s), each inside its facility's window ({span})"
    if group == "sample":
        round_ = next(r for r in problem.rounds if r.id == key)
        return f"round {key} visits exactly {round_.sample_size} of its {len(round_.visits)} facilities"
    if group in ("meeting", "attendance"):
        meeting = next(m for m in problem.meetings if m.id == key)
        days = sorted({option.day for option in meeting.options})
        when = (f"on {problem.day_labels[days[0]]}" if len(days) == 1
                else f"on one of {len(days)} days between {problem.day_labels[days[0]]} and {problem.day_labels[days[-1]]}")
        who = "every available officer" if meeting.attendees is None else f"{meeting.attendees} officer(s)"
        if group == "meeting":
            return f"meeting {key} is held once {when}"
        return f"meeting {key} takes {who}"
    if group == "reported":
        reference = getattr(problem, "reference", None)
        task = problem.visits[int(key)]
        fixed_officer, fixed_slots = reference.fixed_visits[int(key)] if reference is not None else (None, ())
        who = f", officer {problem.officers[fixed_officer].id}" if fixed_officer is not None else ""
        away = ""
        if fixed_officer is not None and not any(slot // 2 in problem.officers[fixed_officer].available_days for slot in fixed_slots):
            away = f" ({problem.officers[fixed_officer].id} is not available then)"
        when = " or ".join(problem.slot_label(slot) for slot in fixed_slots)
        return (f"visit {problem.facilities[task.facility].id} ({problem.rounds[task.round].id}) stays as reported: "
                f"{when}{who}{away}")
    if group == "history":
        reference = getattr(problem, "reference", None)
        first = problem.day_labels[reference.first_free_day] if reference is not None and reference.first_free_day < problem.num_days else "the end"
        return f"the published plan stays as it was before {first}, with the reported visits where they were reported"
    return f"{group} {key}"
