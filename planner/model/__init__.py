"""The CP-SAT model: variables, hard rule families, soft terms, objective."""

from planner.model.build import FAMILIES, TERMS, BuiltModel, build_model
from planner.model.objective import TERM_DESCRIPTIONS
from planner.model.penalty import Penalty

__all__ = ["FAMILIES", "TERMS", "TERM_DESCRIPTIONS", "BuiltModel", "Penalty", "build_model"]
