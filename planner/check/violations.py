"""What the checker reports: a :class:`Violation` names its rule, where, and what is wrong.

``CHECK_RULES`` lists every rule the checker knows, by id, with the rule in
words; a violation of an id not listed is a bug (refused when it is made).
"""

from __future__ import annotations

from dataclasses import dataclass

CHECK_RULES: dict[str, str] = {
    # plan.json
    "plan_status": "the plan's status is OPTIMAL or FEASIBLE",
    "plan_instance": "the plan is for the instance it is checked against",
    # roster.csv
    "duty_listed_once": "an officer is listed at most once a day",
    "duty_known_officer": "every officer on duty is one of the instance's",
    "duty_on_working_day": "duty only on working days (Mon-Fri, not a holiday or closure)",
    "duty_when_available": "no duty on a day the officer is unavailable",
    "duty_days_per_week": "an officer works at most days_per_week days of an ISO week",
    "weekly_duty_total": "each ISO week gets its headcount targets' duty days, or what the available officers can give",
    "headcount_target": "no day above its weekday headcount target, but in a week holding a meeting",
    # visits.csv
    "visit_known_round": "every visit is of one of the instance's rounds",
    "visit_round_applies": "a round visits only the facilities it applies to",
    "visit_once_per_round": "a facility is visited at most once per round",
    "visit_every_member": "a round without sample_size visits every facility it applies to",
    "sample_size": "a sampled round visits exactly sample_size distinct facilities",
    "visit_known_facility": "every visit is of one of the instance's facilities",
    "visit_announced_flag": "a visit's announced flag is its round's",
    "visit_in_window": "a visit lies inside its window (the opening month, until the facility closes)",
    "visit_on_working_day": "visits only on working days",
    "visit_officer_on_duty": "the visiting officer is on duty that day",
    # meetings.csv
    "meeting_known": "every meeting row is of one of the instance's meetings or outreach occurrences",
    "meeting_held": "every meeting and outreach occurrence is held",
    "meeting_one_day": "a meeting is held on one day",
    "meeting_on_date": "a meeting with a date is held on it",
    "meeting_in_window": "a meeting with a window is held inside it",
    "meeting_on_working_day": "meetings only on working days",
    "meeting_slot": "a meeting takes its half-day(s): am, pm, the whole day, or one half-day when none is given",
    "meeting_same_attendees": "a whole-day meeting has the same attendees in both half-days",
    "meeting_all_attend": "an all-officer meeting has every officer available that day",
    "meeting_attendee_count": "an 'attendees: N' meeting has exactly N attendees",
    "meeting_attendee_on_duty": "attendees are on duty that day",
    # visits and meetings together
    "one_activity_per_slot": "an officer does one thing (visit or meeting) per half-day",
    # counter.csv
    "counter_row_once": "counter.csv has one row per (date, slot)",
    "counter_row_present": "counter.csv has a row for every working-day half-day",
    "counter_row_working_day": "counter.csv has rows for working-day half-days only",
    "counter_officers_match": "counter.csv's officers at the counter are those on duty less those away",
    "counter_floor": "counter_min people at the counter (less other staff) in every half-day but an all-officer meeting's",
    "counter_arrivals": "counter.csv's expected arrivals are the instance's walk-ins for that half-day",
    "counter_required": "counter.csv's required officers are Erlang C's for those arrivals",
    # plan.json's terms against the checker's own price (planner.check.pricing)
    "objective_term_reported": "no term of the objective is reported below the checker's own price of the plan",
    # facility-facing files
    "unannounced_date_hidden": "no facility-facing file shows the date of an unannounced visit",
    # office sets
    "office_planned": "every office of a set has a plan",
    "office_readable": "every office's instance and plan can be read",
}


@dataclass(frozen=True)
class Violation:
    rule: str
    """An id of :data:`CHECK_RULES`."""
    where: str
    """The file, or the file and row (``visits: C2 (announced) on 2017-05-10 am``)."""
    message: str

    def __post_init__(self) -> None:
        if self.rule not in CHECK_RULES:
            raise ValueError(f"unknown checker rule {self.rule!r}")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
