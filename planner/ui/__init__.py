"""``planner ui``: the plan in the browser — see it, price and move a visit, pin, re-plan the rest, save.

:mod:`planner.ui.workspace` holds the plan and its edits, :mod:`planner.ui.replanning`
runs a re-plan in a process of its own (so it can be cancelled), :mod:`planner.ui.server`
is the local web server (Starlette on uvicorn) and its safety rules.
"""
