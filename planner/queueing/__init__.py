"""Queueing formulas for the consultation counter (pure Python, no solver)."""

from planner.queueing.erlang import ErlangA, ErlangC, erlang_a, erlang_c, required_servers, service_level

__all__ = ["ErlangA", "ErlangC", "erlang_a", "erlang_c", "required_servers", "service_level"]
