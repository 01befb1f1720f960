"""Queueing formulas for the consultation counter (pure Python, no solver)."""

from planner.queueing.erlang import ErlangC, erlang_c, required_servers

__all__ = ["ErlangC", "erlang_c", "required_servers"]
