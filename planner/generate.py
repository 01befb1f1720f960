"""Seeded instances of any size shaped like the shipped FY2017 one (``planner generate``).

A generated instance keeps Nishi-Tokyo's shape and scales its numbers with the
team: the same five rounds and their windows, monthly all-officer meetings,
directors' and coordinators' meetings, three core-block meetings per block, the
same counter season and deadline. What scales:

- officers: ``days_per_week`` 3 (every fifth officer 4), the weekday headcounts
  add up to their duty days, Thursday at half a weekday (2, 2, 2, 1, 2 for 3 officers);
- ``counter_min``: one officer per four (at least 1);
- walk-ins: FY2017's figures times ``officers / 3``;
- facilities: FY2017's mix (18 % new, 53 % existing community, 29 % unlicensed),
  one block per ten facilities (at least 5), 30 % of the existing ones sampled;
  new ones open mostly on 1 April, the rest on the first of a later month.

``shape`` (``planner generate --shape N``, N >= 1) draws the choices real
offices differ in from its own seed instead (:class:`Shape`): days a week per
officer (2-5, mixed), leave spans, the counter floor against the thinnest
weekday, walk-in levels and the season's shape, meeting load, outreach. Shape 0
is the FY2017 shape above. The benchmark ladder tunes on some shapes and
reports on others (``benchmarks/ladder.py``).

Pure Python (no solver): the output is an instance directory like any other,
read back through :func:`planner.io.readers.load_instance`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from planner.domain import WEEKDAY_KEYS
from planner.io.output_folder import claim_new_files
from planner.io.readers import FACILITY_COLUMNS

WEEKDAY_SHARES = (1.0, 1.0, 1.0, 0.5, 1.0)  # Thursday at half a weekday, as in FY2017
BLOCK_NAMES = ("なかまち", "けやき", "ひがし", "やぎさわ", "すみよし")
FACILITY_WORDS = (
    "ぶどう",
    "あじさい",
    "りんご",
    "ひまわり",
    "さくら",
    "もも",
    "すみれ",
    "たんぽぽ",
    "つくし",
    "どんぐり",
    "こすもす",
    "みかん",
    "いちご",
    "くるみ",
    "なのはな",
    "かえで",
    "つばめ",
    "ひよこ",
    "うさぎ",
    "こぐま",
)
COMMUNITY_TYPES = (
    ("small_scale", "小規模保育所", 0.7),
    ("family_based", "家庭的保育室", 0.2),
    ("workplace", "事業所内保育所", 0.1),
)
UNLICENSED_TYPES = (
    ("certified", "認証保育所", 0.6),
    ("regular_use", "定期利用保育室", 0.2),
    ("company_led", "企業主導型保育所", 0.2),
)


@dataclass(frozen=True)
class GenerateSpec:
    """What to generate: the team, the facilities, the year and the seed."""

    officers: int = 3
    facilities: int = 49
    seed: int = 0
    fiscal_year: int = 2017
    name: str | None = None
    min_blocks: int = 5
    """Core-nursery blocks at least (one per ten facilities otherwise); each holds three block meetings."""
    shape: int = 0
    """0: FY2017's shape scaled; N >= 1: the varied shape :func:`draw_shape` draws from N."""

    @property
    def instance_name(self) -> str:
        shape = f"-shape{self.shape}" if self.shape else ""
        return self.name or f"generated-{self.officers}x{self.facilities}{shape}-s{self.seed}"


@dataclass(frozen=True)
class Shape:
    """The choices an office's year is made of, beyond its size (:func:`draw_shape`)."""

    days_per_week: tuple[tuple[int, float], ...] = ((3, 0.8), (4, 0.2))
    """(days, share) of the team; FY2017-shaped teams have every fifth officer on 4 days."""
    thursday_share: float = 0.5
    """Thursday's headcount against another weekday's (FY2017: 1 of 2)."""
    leave_share: float = 0.0
    """Officers with leave spans (one or two spans of 1-12 weeks each)."""
    floor_share: float | None = None
    """counter_min as a share of the middle weekday's headcount; None: one officer per four (FY2017)."""
    quiet_per_officer: float = 5 / 3
    """Walk-ins a quiet day, per officer of the team (FY2017: 5 for 3)."""
    season_factor: float = 12.0
    """The application season's walk-ins against a quiet day's (FY2017: 60 / 5)."""
    deadline_factor: float = 230 / 60
    """The deadline day's walk-ins against a season day's."""
    season_start: tuple[int, int] = (10, 1)
    """(month, day) the season starts; it ends on 30 November."""
    season_rising: bool = False
    """The season's first half at 70 % of its level and its second at 130 % (flat when False)."""
    meeting_every_months: int = 1
    """An all-officer meeting every this many months."""
    block_meetings: int = 3
    """Meetings of each core block in the year."""
    outreach: bool = False

    def days_for(self, rng: random.Random, officers: int) -> list[int]:
        if self.days_per_week == Shape.days_per_week:  # FY2017's rule, not a draw: every fifth officer on 4 days
            return [4 if n % 5 == 0 else 3 for n in range(1, officers + 1)]
        choices, weights = zip(*self.days_per_week)
        return [rng.choices(choices, weights)[0] for _ in range(officers)]


FY2017_SHAPE = Shape()

DAYS_MIXES: tuple[tuple[tuple[int, float], ...], ...] = (
    ((3, 0.5), (4, 0.3), (5, 0.2)),
    ((3, 0.3), (4, 0.4), (5, 0.3)),
    ((2, 0.2), (3, 0.5), (5, 0.3)),
    ((4, 0.6), (5, 0.4)),
    ((2, 0.3), (3, 0.3), (4, 0.2), (5, 0.2)),
    ((3, 1.0),),
)
"""Teams a varied shape draws from: part-timers and full-timers mixed, or one kind throughout."""


def draw_shape(shape: int) -> Shape:
    """A varied shape (``shape`` >= 1), the same for every size and seed, or FY2017's (0)."""
    if shape == 0:
        return FY2017_SHAPE
    rng = random.Random(f"shape/{shape}")
    return Shape(
        days_per_week=rng.choice(DAYS_MIXES),
        thursday_share=rng.choice((0.5, 0.75, 1.0, 1.0)),
        leave_share=rng.choice((0.0, 0.1, 0.2, 0.3)),
        floor_share=rng.uniform(0.3, 0.67),
        quiet_per_officer=rng.uniform(1.0, 2.2),
        season_factor=rng.uniform(8.0, 14.0),
        deadline_factor=rng.uniform(3.0, 4.5),
        season_start=rng.choice(((10, 1), (10, 1), (9, 15), (10, 15))),
        season_rising=rng.random() < 0.5,
        meeting_every_months=rng.choice((1, 1, 2)),
        block_meetings=rng.choice((2, 3, 4)),
        outreach=rng.random() < 0.5,
    )


def headcounts(duty_days_per_week: int, thursday_share: float = 0.5) -> dict[str, int]:
    """Weekday targets adding up to the team's duty days, Thursday at ``thursday_share`` of a weekday (largest remainders)."""
    shares = (1.0, 1.0, 1.0, thursday_share, 1.0)
    total_share = sum(shares)
    exact = [duty_days_per_week * share / total_share for share in shares]
    counts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(5), key=lambda index: (-(exact[index] - counts[index]), index))
    for index in by_remainder[: duty_days_per_week - sum(counts)]:
        counts[index] += 1
    return dict(zip(WEEKDAY_KEYS, counts))


def generate(spec: GenerateSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``instance.yaml`` mapping and the facility rows of ``spec``."""
    if spec.officers < 1 or spec.facilities < 1:
        raise ValueError("officers and facilities must be at least 1")
    rng = random.Random(f"generate/{spec.officers}/{spec.facilities}/{spec.seed}/{spec.fiscal_year}")
    year = spec.fiscal_year
    shape = draw_shape(spec.shape)
    days_per_week = shape.days_for(rng, spec.officers)
    officers: list[dict[str, Any]] = [
        {"id": f"O{n:02d}", "name": f"推進員{n:02d}", "days_per_week": days, "unavailable": []}
        for n, days in enumerate(days_per_week, start=1)
    ]
    _leave_spans(rng, officers, shape.leave_share, year)
    duty_days = sum(days_per_week)
    headcount = headcounts(duty_days, shape.thursday_share)
    num_blocks = max(spec.min_blocks, round(spec.facilities / 10))
    blocks = [BLOCK_NAMES[index] if index < len(BLOCK_NAMES) else f"ブロック{index + 1:02d}" for index in range(num_blocks)]
    facilities = _facilities(spec, rng, blocks)
    existing = sum(1 for row in facilities if row["category"] == "community" and not row["opening_date"])
    instance: dict[str, Any] = {
        "name": spec.instance_name,
        "fiscal_year": year,
        "issuer": "（架空）市 保育課",
        "closures": [{"start": dt.date(year, 12, 29), "end": dt.date(year + 1, 1, 3)}],
        "officers": officers,
        "staffing": {"headcount": headcount, "counter_min": _counter_floor(shape, officers, headcount, existing, num_blocks)},
        "counter": _counter(shape, spec.officers, year),
        "rounds": [
            round_
            for round_ in [
                {"id": "new_facility", "applies_to": "new", "window": "opening_month", "announced": True},
                {
                    "id": "announced",
                    "applies_to": "existing_community",
                    "window": {"start": dt.date(year, 5, 1), "end": dt.date(year, 6, 30)},
                    "announced": True,
                },
                {
                    "id": "unannounced",
                    "applies_to": "existing_community",
                    "window": {"start": dt.date(year, 8, 16), "end": dt.date(year, 11, 30)},
                    "announced": False,
                },
                {
                    "id": "unlicensed",
                    "applies_to": "unlicensed",
                    "window": {"start": dt.date(year, 8, 16), "end": dt.date(year, 11, 30)},
                    "announced": True,
                },
                {
                    "id": "sampled",
                    "applies_to": "existing_community",
                    "window": {"start": dt.date(year, 12, 1), "end": dt.date(year + 1, 2, 28)},
                    "announced": True,
                    "sample_size": max(1, round(0.3 * existing)),
                }
                if existing
                else None,
            ]
            if round_ is not None
        ],
        "meetings": _meetings(year, blocks, spec.officers, shape),
    }
    if shape.outreach and outreach_rules(spec.officers):
        instance["outreach"] = outreach_rules(spec.officers)
    return instance, facilities


def _leave_spans(rng: random.Random, officers: list[dict[str, Any]], share: float, year: int) -> None:
    """One or two spans of 1-12 weeks for ``share`` of the officers, at most two officers away in any week."""
    on_leave = rng.sample(range(len(officers)), round(share * len(officers)))
    away_by_week: dict[int, int] = {}
    for index in on_leave:
        for _ in range(rng.choice((1, 1, 2))):
            weeks = rng.randint(1, 12)
            first = rng.randint(0, 52 - weeks)
            if any(away_by_week.get(week, 0) >= _most_away(len(officers)) for week in range(first, first + weeks)):
                continue
            for week in range(first, first + weeks):
                away_by_week[week] = away_by_week.get(week, 0) + 1
            monday = dt.date(year, 4, 1) - dt.timedelta(days=dt.date(year, 4, 1).weekday()) + dt.timedelta(weeks=first)
            # the first and last weeks of the year reach into March of either year: the span stays inside the year
            start = max(monday, dt.date(year, 4, 1))
            end = min(monday + dt.timedelta(weeks=weeks, days=-3), dt.date(year + 1, 3, 31))
            officers[index]["unavailable"].append({"start": start, "end": end})


def _counter_floor(
    shape: Shape, officers: list[dict[str, Any]], headcount: dict[str, int], existing: int, num_blocks: int
) -> int:
    """FY2017's one officer per four, or a share of the middle weekday's headcount, at most the thinnest
    weekday's and one meeting's seats below the others' (a meeting of the division's takes officers away),
    low enough that each round of block meetings (one officer per block, afternoons of two weeks, one of
    them maybe a holiday) fits half again over, and that the announced round's visits fit May-June half
    again over in a week of leave."""
    if shape.floor_share is None:
        return max(1, len(officers) // 4)
    middle = sorted(headcount.values())[2]
    others = min(count for key, count in headcount.items() if key != "thu")
    limit = min(min(headcount.values()), others - max(1, len(officers) // 10))
    # a round of block meetings: two weeks' afternoons, 9 of 10 working, each day sparing its officers above the floor
    blocks_fit = math.floor((sum(headcount.values()) - 1.5 * num_blocks / (2 * 0.9)) / 5)
    on_leave = sorted((officer["days_per_week"] for officer in officers if officer["unavailable"]), reverse=True)
    duty_days = sum(officer["days_per_week"] for officer in officers) - sum(on_leave[: _most_away(len(officers))])
    # May-June: about 8 weeks of two half-days a day; each visit takes one officer half-day beyond the floor.
    roomy = math.floor((duty_days - 1.5 * existing / (2 * 8)) / 5)
    return max(1, min(round(shape.floor_share * middle), limit, roomy, blocks_fit))


def _most_away(officers: int) -> int:
    """Officers on leave in the same week, at most."""
    return max(2, officers // 5)


def _counter(shape: Shape, officers: int, year: int) -> dict[str, Any]:
    """Walk-ins: quiet days, busy April and February-March, the application season and its deadline."""
    quiet = shape.quiet_per_officer * officers
    season = quiet * shape.season_factor
    season_start = _weekday_on_or_after(dt.date(year, *shape.season_start))
    season_end = dt.date(year, 11, 30)
    demand: list[dict[str, Any]] = [
        {"start": dt.date(year, 4, 1), "end": dt.date(year + 1, 3, 31), "per_day": round(quiet, 1)},
        {"start": dt.date(year, 4, 1), "end": dt.date(year, 4, 28), "per_day": round(4 * quiet, 1)},
        {"start": dt.date(year + 1, 2, 1), "end": dt.date(year + 1, 3, 31), "per_day": round(4 * quiet, 1)},
    ]
    if shape.season_rising:
        middle = season_start + (season_end - season_start) / 2
        demand += [
            {"start": season_start, "end": middle, "per_day": round(0.7 * season, 1)},
            {"start": middle + dt.timedelta(days=1), "end": season_end, "per_day": round(1.3 * season, 1)},
        ]
    else:
        demand.append({"start": season_start, "end": season_end, "per_day": round(season, 1)})
    demand.append({"date": _deadline(year), "per_day": round(season * shape.deadline_factor, 1)})
    counter: dict[str, Any] = {
        "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
        "demand": demand,
        "effects": {"ramps": [{"deadline": _deadline(year), "days": 5, "peak": 2.0}]},
    }
    if shape.season_start != FY2017_SHAPE.season_start:
        counter["season"] = {"start": season_start, "end": season_end}
    return counter


GENERATED_FILES = ("instance.yaml", "facilities.csv", "README.md")


def write_generated(spec: GenerateSpec, out_dir: Path, *, overwrite: bool = False) -> Path:
    """Write ``instance.yaml``, ``facilities.csv`` and a README into ``out_dir``.

    Other files in ``out_dir`` are left alone; one of these three already
    there is an error (:class:`~planner.io.output_folder.OutputFolderError`)
    unless ``overwrite``.
    """
    claim_new_files([out_dir / name for name in GENERATED_FILES], overwrite=overwrite, what="--overwrite")
    instance, facilities = generate(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "instance.yaml").write_text(
        f"# Generated by `planner generate --officers {spec.officers} --facilities {spec.facilities} --shape {spec.shape} "
        f"--seed {spec.seed}`.\n" + yaml.safe_dump(instance, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    with open(out_dir / "facilities.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FACILITY_COLUMNS)
        writer.writeheader()
        writer.writerows(facilities)
    (out_dir / "README.md").write_text(
        f"# {spec.instance_name}\n\nGenerated (fictional) instance: {spec.officers} officers, {len(facilities)} facilities, "
        f"fiscal year {spec.fiscal_year}, seed {spec.seed}, shape {spec.shape}. "
        + (
            "Shaped like `instances/nishitokyo-fy2017` with its figures scaled by the team's size"
            if spec.shape == 0
            else f"A varied shape: {draw_shape(spec.shape)}"
        )
        + "; see `planner/generate.py` for every rule used.\n",
        encoding="utf-8",
    )
    return out_dir


def _facilities(spec: GenerateSpec, rng: random.Random, blocks: list[str]) -> list[dict[str, Any]]:
    year = spec.fiscal_year
    num_new = round(0.18 * spec.facilities)
    num_unlicensed = round(0.29 * spec.facilities)
    num_existing = spec.facilities - num_new - num_unlicensed
    later_openings = [dt.date(year + (month < 4), month, 1) for month in (5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    rows = []
    for kind, count, prefix in (("new", num_new, "N"), ("existing", num_existing, "C"), ("unlicensed", num_unlicensed, "U")):
        for number in range(1, count + 1):
            category = "unlicensed" if kind == "unlicensed" else "community"
            types = UNLICENSED_TYPES if kind == "unlicensed" else COMMUNITY_TYPES
            type_id, type_label = _pick(rng, types)
            opening: dt.date | None = None
            if kind == "new":
                opening = dt.date(year, 4, 1) if rng.random() < 0.6 else rng.choice(later_openings)
            elif kind == "unlicensed" and rng.random() < 0.05:
                opening = dt.date(year, rng.choice((6, 7, 8, 9)), 1)
            rows.append(
                {
                    "facility_id": f"{prefix}{number:04d}",
                    "name": f"（架空）{rng.choice(FACILITY_WORDS)}{type_label}{number}",
                    "category": category,
                    "type": type_id,
                    "opening_date": opening.isoformat() if opening else "",
                    "block": rng.choice(blocks),
                    "address": f"架空市架空町{rng.randint(1, 9)}-{rng.randint(1, 30)}",
                    "lat": round(35.70 + 0.06 * rng.random(), 5),
                    "lon": round(139.50 + 0.08 * rng.random(), 5),
                    "capacity": rng.randint(6, 19) if category == "community" else rng.randint(20, 60),
                    "open_findings": rng.choice((0, 0, 0, 1, 2, 3)) if kind == "existing" else 0,
                }
            )
    return rows


def _pick(rng: random.Random, options: tuple[tuple[str, str, float], ...]) -> tuple[str, str]:
    draw = rng.random()
    for type_id, label, share in options:
        draw -= share
        if draw < 0:
            return type_id, label
    return options[-1][0], options[-1][1]


def _meetings(year: int, blocks: list[str], num_officers: int, shape: Shape = FY2017_SHAPE) -> list[dict[str, Any]]:
    from planner.calendar.workdays import working_days
    from planner.domain import DateRange

    days = working_days(
        DateRange(start=dt.date(year, 4, 1), end=dt.date(year + 1, 3, 31)),
        [DateRange(start=dt.date(year, 12, 29), end=dt.date(year + 1, 1, 3))],
    )
    by_month: dict[tuple[int, int], list[dt.date]] = {}
    for day in days:
        by_month.setdefault((day.year, day.month), []).append(day)
    meetings: list[dict[str, Any]] = []
    for number, ((month_year, month), month_days) in enumerate(sorted(by_month.items())):
        if number % shape.meeting_every_months:
            continue
        meetings.append(
            {
                "id": f"officers-{month_year % 100:02d}{month:02d}",
                "kind": "officers",
                "attendees": "all",
                "window": {"start": month_days[0], "end": month_days[-1]},
            }
        )

    def nth_wednesday(month_year: int, month: int, n: int) -> dt.date:
        wednesdays = [day for day in by_month[(month_year, month)] if day.weekday() == 2]
        return wednesdays[min(n, len(wednesdays) - 1)]

    seats = max(1, num_officers // 10)  # a larger team sends more than one officer to the division's meetings
    meetings += [
        {"id": f"directors-{n}", "kind": "directors", "attendees": seats, "date": nth_wednesday(y, m, 1), "slot": "pm"}
        for n, (y, m) in enumerate(((year, 7), (year + 1, 1)), start=1)
    ]
    meetings += [
        {"id": f"coordinators-{n}", "kind": "coordinators", "attendees": seats, "date": nth_wednesday(y, m, 1), "slot": "am"}
        for n, (y, m) in enumerate(((year, 6), (year, 9), (year, 12), (year + 1, 3)), start=1)
    ]
    block_windows = (
        (dt.date(year, 7, 3), dt.date(year, 7, 14)),
        (dt.date(year, 10, 16), dt.date(year, 10, 27)),
        (dt.date(year + 1, 2, 5), dt.date(year + 1, 2, 16)),
        (dt.date(year, 5, 15), dt.date(year, 5, 26)),
    )
    for n, (start, end) in enumerate(block_windows[: shape.block_meetings], start=1):
        for index, block in enumerate(blocks):
            meetings.append(
                {
                    "id": f"block-{index + 1:02d}-{n}",
                    "kind": "block",
                    "attendees": 1,
                    "window": {"start": start, "end": end},
                    "slot": "pm",
                    "label": f"{block}ブロック会議",
                }
            )
    return meetings


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _deadline(year: int) -> dt.date:
    """The application deadline: 20 November, or the working day before it when that is a weekend."""
    day = dt.date(year, 11, 20)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


TEAM_SIZES = ((2, 0.10), (3, 0.35), (4, 0.20), (5, 0.15), (6, 0.10), (8, 0.07), (10, 0.03))
"""Officers per office in a generated set: mostly FY2017-sized teams, a few large wards."""
HALLS = ("中央公民館", "東公民館", "西公民館", "北公民館")


def office_facilities(officers: int) -> int:
    """Facilities an office of ``officers`` visits: FY2017's 16 per officer, but at most 12 per duty day
    a week beyond the counter floor's (FY2017: 49 for 9 - 5 = 4 such days). A team of two then gets
    about 12: with 6 duty days for 5 counter days it can spare one officer-day a week."""
    duty_days = sum(4 if (number + 1) % 5 == 0 else 3 for number in range(officers))
    spare = duty_days - 5 * max(1, officers // 4)
    return max(1, min(16 * officers, 12 * spare))


def outreach_rules(officers: int) -> list[dict[str, Any]]:
    """Outreach of a generated office: a team of four or more runs a monthly playroom at four community halls
    (the n-th Tuesday morning at the n-th hall, seed 004); a team of three a monthly outreach on the first
    Friday afternoon; a team of two none (it cannot spare an officer for it beside the counter)."""
    if officers >= 4:
        return [
            {
                "id": f"playroom-{number}",
                "site": hall,
                "weekday": "tue",
                "nth": number,
                "slot": "am",
                "officers": 1,
                "label": f"ひろば出張（{hall}）",
            }
            for number, hall in enumerate(HALLS, start=1)
        ]
    if officers == 3:
        return [{"id": "outreach-fri", "site": "地区会館", "weekday": "fri", "nth": 1, "slot": "pm", "officers": 1}]
    return []


def write_office_set(
    out_dir: Path,
    offices: int,
    seed: int = 0,
    fiscal_year: int = 2017,
    name: str | None = None,
    with_outreach: bool = True,
    *,
    overwrite: bool = False,
) -> Path:
    """A prefecture-like set: ``offices`` generated offices of mixed sizes and ``offices.yaml`` naming them.

    As :func:`write_generated`, nothing already there is written over unless ``overwrite``.
    """
    claim_new_files(
        [out_dir / "offices.yaml"]
        + [out_dir / f"office-{number:02d}" / name for number in range(1, offices + 1) for name in GENERATED_FILES],
        overwrite=overwrite,
        what="--overwrite",
    )
    rng = random.Random(f"offices/{offices}/{seed}/{fiscal_year}")
    set_name = name or f"generated-offices-{offices}-s{seed}"
    entries = []
    for number in range(1, offices + 1):
        draw, officers = rng.random(), TEAM_SIZES[-1][0]
        for size, share in TEAM_SIZES:
            draw -= share
            if draw < 0:
                officers = size
                break
        facilities = max(8, round(office_facilities(officers) * rng.uniform(0.75, 1.25)))
        office_id = f"office-{number:02d}"
        folder = out_dir / office_id
        # A small office has few blocks: a team of two cannot send an officer to five block meetings in two weeks.
        write_generated(
            GenerateSpec(officers, facilities, seed * 1000 + number, fiscal_year, f"{set_name}-{office_id}", min_blocks=1),
            folder,
            overwrite=True,  # claimed above, with the set's other files
        )
        if with_outreach and outreach_rules(officers):
            instance = yaml.safe_load((folder / "instance.yaml").read_text(encoding="utf-8"))
            instance["outreach"] = outreach_rules(officers)
            (folder / "instance.yaml").write_text(
                yaml.safe_dump(instance, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
            )
        entries.append({"id": office_id, "path": office_id, "label": f"（架空）第{number}事務所（推進員{officers}人）"})
    (out_dir / "offices.yaml").write_text(
        f"# Generated by `planner generate --offices {offices} --seed {seed}`: fictional offices of mixed sizes.\n"
        + yaml.safe_dump({"name": set_name, "offices": entries}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return out_dir
