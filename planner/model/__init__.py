"""The CP-SAT model: variables, hard rule families, soft terms, objective."""

from planner.model.build import FAMILIES, BuiltModel, build_model
from planner.model.penalty import Penalty
from planner.model.terms import TERMS, TERMS_BY_NAME, Term

__all__ = ["FAMILIES", "TERMS", "TERMS_BY_NAME", "BuiltModel", "Penalty", "Term", "build_model"]
