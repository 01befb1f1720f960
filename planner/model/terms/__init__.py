"""Soft terms of the objective, each returning named penalties (never touching the objective).

Each term function checks its weight first: a zero weight creates no variables.
"""
