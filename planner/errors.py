"""Exceptions of the planner, each carrying the exit code the CLI reports.

Infeasibility is a *status* of a solve (see :mod:`planner.solve`), not an
exception; these are for input the planner cannot work with.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the planner reports to a user in one line."""

    exit_code: int = 2


class InstanceError(PlannerError, ValueError):
    """An instance file is missing, malformed or breaks a rule of the format.

    The message names the file, the row or key, and what is wrong.
    """

    exit_code = 2


class PlanReadError(PlannerError, ValueError):
    """A plan directory given to ``planner check`` cannot be read."""

    exit_code = 2


class OutputError(PlannerError, OSError):
    """The plan could not be written to its output directory."""

    exit_code = 2


class PublishError(PlannerError):
    """Calendars could not be put on the CalDAV server (unreachable, refused, rejected)."""

    exit_code = 2
