"""Independent plan checker: re-verifies a written plan against the rules.

It shares no code with the calendar expansion, the model or the solver: it
reads the instance (the domain models) and the plan files, and re-derives
every rule from DESIGN.md on its own, so that a bug in the model cannot hide
behind the same bug in the check.
"""

from planner.check.checker import check_office_set, check_plan, check_plan_dir
from planner.check.violations import CHECK_RULES, Violation
from planner.io.plan_files import PlanFiles, read_plan_files

__all__ = ["CHECK_RULES", "PlanFiles", "Violation", "check_office_set", "check_plan", "check_plan_dir", "read_plan_files"]
