"""An unannounced visit's date appears in nothing handed to a facility (DESIGN.md).

Scans every file under a plan's facility folder for the date of every
unannounced visit, written in every way a Japanese or machine document may
write it: ISO, compact (iCalendar ``DTSTART``), slashes with and without
zeros, 年月日 with and without the year, the Japanese era (平成/令和 and
their H/R abbreviations).  Written apart from :mod:`planner.documents` on
purpose: it must catch that module's mistakes, not repeat them.

A date that is also the date of an announced visit is not flagged: a facility
visited that day must be told so, and the date then says nothing about the
unannounced round.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from planner.check.violations import Violation
from planner.io.plan_files import VisitRecord

FACILITY_FOLDER = "facilities"

_ERAS = (("令和", "R", dt.date(2019, 5, 1)), ("平成", "H", dt.date(1989, 1, 8)))


def date_spellings(day: dt.date) -> list[str]:
    """Every way ``day`` may be written in a document (regular-expression fragments)."""
    y, m, d = day.year, day.month, day.day
    texts = [
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y:04d}{m:02d}{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{m}/{d}",
        f"{m:02d}/{d:02d}",
    ]
    patterns = [rf"(?<![0-9]){re.escape(text)}(?![0-9])" for text in texts]
    # 年月日 forms, with or without the year, with ASCII or full-width digits and spaces.
    patterns.append(rf"(?<![0-9０-９]){_digits(m)}\s*月\s*{_digits(d)}\s*日")
    for era, letter, start in _ERAS:
        if day >= start:
            era_year = y - start.year + 1
            year_text = "元" if era_year == 1 else _digits(era_year)
            patterns.append(rf"{era}\s*{year_text}\s*年\s*{_digits(m)}\s*月\s*{_digits(d)}\s*日")
            patterns.append(rf"(?<![A-Za-z]){letter}\s*{era_year}[./]{m}[./]{d}(?![0-9])")
            break
    return patterns


def _digits(number: int) -> str:
    """``number`` in ASCII or full-width digits, with an optional leading zero."""
    ascii_text = str(number)
    wide = ascii_text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return rf"(?:0?{ascii_text}|０?{wide})(?![0-9０-９])"


def _readable_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("latin-1")
    # iCalendar folds long lines (CRLF + space); a date may be split by a fold.
    text = re.sub(r"\r?\n[ \t]", "", text)
    # An inlined font is base64, not words: "8/29" turns up in it by chance.
    return re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,", text)


def unannounced_dates_shown(plan_dir: Path | str, visits: Iterable[VisitRecord]) -> list[Violation]:
    """Every facility-facing file that shows the date of an unannounced visit, in words."""
    folder = Path(plan_dir) / FACILITY_FOLDER
    if not folder.is_dir():
        return []
    visits = list(visits)
    announced_dates = {row.date for row in visits if row.announced}
    secret: dict[dt.date, list[str]] = {}
    for row in visits:
        if not row.announced and row.date not in announced_dates:
            secret.setdefault(row.date, []).append(row.facility_id)
    compiled = {day: re.compile("|".join(date_spellings(day))) for day in secret}
    problems: list[Violation] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = _readable_text(path)
        for day, pattern in compiled.items():
            found = pattern.search(text)
            if found:
                problems.append(
                    Violation(
                        "unannounced_date_hidden",
                        str(path.relative_to(plan_dir)),
                        f"shows {found.group(0)!r}, the date of an unannounced visit "
                        f"({day.isoformat()}, facility {', '.join(sorted(secret[day]))}); facility-facing files must not",
                    )
                )
    return problems
