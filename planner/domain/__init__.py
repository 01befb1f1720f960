"""Domain models of an instance (pydantic, frozen, unknown keys rejected)."""

from planner.domain.base import DateRange, PlannerModel
from planner.domain.demand import Counter, DemandPeriod, ServiceTarget
from planner.domain.instance import Instance, InstanceSpec, fiscal_year_range
from planner.domain.resources import Facility, Officer
from planner.domain.rules import WEEKDAY_KEYS, Headcount, Meeting, Outreach, Round, Staffing, Weights

__all__ = [
    "WEEKDAY_KEYS",
    "Counter",
    "DateRange",
    "DemandPeriod",
    "Facility",
    "Headcount",
    "Instance",
    "InstanceSpec",
    "Meeting",
    "Officer",
    "Outreach",
    "PlannerModel",
    "Round",
    "ServiceTarget",
    "Staffing",
    "Weights",
    "fiscal_year_range",
]
