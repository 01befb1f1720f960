"""What-if scenarios: overlays on a base instance (:mod:`.overlay`) and grids of them (:mod:`.grid`)."""

from planner.scenario.overlay import BASE_SCENARIO, Scenario, apply_scenario

__all__ = ["BASE_SCENARIO", "Scenario", "apply_scenario"]
