"""``planner import-facilities``: a city's 子育て施設一覧 open data to ``facilities.csv``.

The national recommended dataset (推奨データセット「子育て施設一覧」) lists every
child-care place of a municipality, one row each, with Japanese column names
(名称, 種別, 住所, 緯度, 経度, 収容定員, 開設年月日, ...).  Such files come as UTF-8
with or without a BOM, or as Shift_JIS (cp932).  Only the facilities the
officers visit are kept (地域型保育事業 and 認可外保育施設, DOMAIN.md); every other
row is skipped and reported with the reason.  A 種別 the importer does not
know is an error, not a silent skip: a new kind of facility must be decided on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import InstanceError
from planner.io.readers import FACILITY_COLUMNS

NAME, TYPE = "名称", "種別"
REQUIRED_COLUMNS = (NAME, TYPE)
UNASSIGNED_BLOCK = "未割当"

# Ordered: the first keyword found in the normalised 種別 decides.  Visited kinds
# come before the skipped ones because "小規模保育所" also contains "保育所".
VISITED_TYPES: tuple[tuple[str, str, str], ...] = (
    ("企業主導型", "unlicensed", "company_led"),
    ("認証保育", "unlicensed", "certified"),
    ("定期利用", "unlicensed", "regular_use"),
    ("小規模保育", "community", "small_scale"),
    ("家庭的保育", "community", "family_based"),
    ("保育ママ", "community", "family_based"),
    ("事業所内保育", "community", "workplace"),
    ("居宅訪問型", "community", "home_visit"),
    ("ベビーホテル", "unlicensed", "other_unlicensed"),
    ("認可外", "unlicensed", "other_unlicensed"),
)
SKIPPED_TYPES: tuple[tuple[str, str], ...] = (
    ("こども園", "認定こども園は巡回の対象外"),
    ("幼稚園", "幼稚園は巡回の対象外"),
    ("認可保育", "認可保育所は巡回の対象外"),
    ("保育所", "認可保育所は巡回の対象外"),
    ("保育園", "認可保育所は巡回の対象外"),
    ("児童館", "児童館は巡回の対象外"),
    ("学童", "学童クラブは巡回の対象外"),
    ("放課後", "放課後児童クラブは巡回の対象外"),
    ("子育て支援", "子育て支援拠点は巡回の対象外"),
    ("ひろば", "子育てひろばは巡回の対象外"),
    ("病児", "病児・病後児保育は巡回の対象外"),
    ("一時預かり", "一時預かり事業は巡回の対象外"),
    ("ファミリー", "ファミリー・サポートは巡回の対象外"),
)

_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}


@dataclass(frozen=True)
class SkippedRow:
    line: int
    name: str
    reason: str


@dataclass
class ImportResult:
    facilities: list[dict[str, str]] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    encoding: str = ""
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        kinds = Counter(f"{row['category']}/{row['type']}" for row in self.facilities)
        lines = [f"read as {self.encoding}: {len(self.facilities)} facilities kept, {len(self.skipped)} rows skipped"]
        lines += [f"  {kind}: {count}" for kind, count in sorted(kinds.items())]
        lines += [f"skipped line {row.line} ({row.name or '名称なし'}): {row.reason}" for row in self.skipped]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def decode_open_data(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read in (UTF-8, UTF-8 with BOM, or cp932)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InstanceError(f"{path}: file not found") from None
    except OSError as error:
        raise InstanceError(f"{path}: cannot read ({error.strerror})") from None
    candidates: tuple[str, ...] = ("utf-8-sig",) if raw.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp932")
    for encoding in candidates:
        try:
            return raw.decode(encoding), {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp932": "Shift_JIS (cp932)"}[encoding]
        except UnicodeDecodeError:
            continue
    raise InstanceError(f"{path}: neither UTF-8 nor Shift_JIS (cp932) text")


def parse_japanese_date(text: str) -> dt.date | None:
    """ISO, ``2017/4/1``, ``2017年4月1日``, ``20170401``, ``平成29年4月1日``, ``H29.4.1``, 元年 (None if empty)."""
    value = _normalise(text).replace(" ", "")
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(令和|平成|昭和|[RHS])(元|\d{1,2})[年.](\d{1,2})[月.](\d{1,2})日?", value)
        if not match:
            raise ValueError(f"{text!r} is not a date (give 2017-04-01, 2017/4/1, 2017年4月1日 or 平成29年4月1日)")
        era, era_year, month_text, day_text = match.groups()
        year = _ERAS[era] + (1 if era_year == "元" else int(era_year))
        month, day = int(month_text), int(day_text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None


def classify(kind: str) -> tuple[str, str] | str:
    """(category, type) of a visited kind, or the reason a kind is skipped; raises on an unknown kind."""
    value = _normalise(kind)
    for keyword, category, facility_type in VISITED_TYPES:
        if keyword in value:
            return category, facility_type
    for keyword, reason in SKIPPED_TYPES:
        if keyword in value:
            return reason
    known = "、".join(keyword for keyword, _, _ in VISITED_TYPES)
    raise ValueError(f"unknown facility type {kind!r} (visited kinds contain one of: {known})")


def _number(text: str, what: str, *, integer: bool = False) -> str:
    value = _normalise(text).replace(",", "")
    if not value:
        return ""
    if integer:
        match = re.fullmatch(r"(\d+)\s*(人|名)?", value)
        if not match:
            raise ValueError(f"{what} {text!r} is not a whole number")
        return match.group(1)
    try:
        return repr(float(value))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None


def read_blocks(path: Path) -> list[tuple[str, float, float]]:
    """``block,lat,lon`` rows: the core nursery of each block (a facility joins the nearest)."""
    text, _ = decode_open_data(path)
    reader = csv.DictReader(io.StringIO(text))
    blocks = []
    for row in reader:
        try:
            blocks.append((_normalise(row["block"]), float(row["lat"]), float(row["lon"])))
        except (KeyError, TypeError, ValueError):
            raise InstanceError(f"{path}: line {reader.line_num}: expected columns block, lat, lon with numbers") from None
    if not blocks:
        raise InstanceError(f"{path}: no blocks")
    return blocks


def _nearest_block(lat: float, lon: float, blocks: list[tuple[str, float, float]]) -> str:
    def distance(block: tuple[str, float, float]) -> float:
        _, block_lat, block_lon = block
        x = math.radians(lon - block_lon) * math.cos(math.radians((lat + block_lat) / 2))
        return math.hypot(x, math.radians(lat - block_lat))

    return min(blocks, key=distance)[0]


def import_facilities(
    path: Path | str, blocks: list[tuple[str, float, float]] | None = None, id_prefix: str = "F"
) -> ImportResult:
    """Read a 子育て施設一覧 file; raises :class:`InstanceError` naming the line on bad input."""
    source = Path(path)
    text, encoding = decode_open_data(source)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [_normalise(column) for column in next(reader)]
    except StopIteration:
        raise InstanceError(f"{source}: empty file") from None
    except csv.Error as error:
        raise InstanceError(f"{source}: malformed CSV ({error})") from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise InstanceError(f"{source}: missing column {missing[0]!r} (a 子育て施設一覧 file has 名称 and 種別 at least)")
    result = ImportResult(encoding=encoding)
    seen_ids: dict[str, int] = {}
    unplaced = 0
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InstanceError(f"{source}: line {reader.line_num}: malformed CSV ({error})") from None
    for line, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InstanceError(f"{source}: line {line}: {len(cells)} fields, the header has {len(header)}")
        row = dict(zip(header, cells))
        name = row[NAME].strip()  # names keep their own (full-width) spelling
        where = f"{source}: line {line} ({name or '名称なし'})"
        if not name:
            raise InstanceError(f"{where}: 名称 is empty")
        try:
            kind = classify(row[TYPE])
            if isinstance(kind, str):
                result.skipped.append(SkippedRow(line, name, kind))
                continue
            opening = parse_japanese_date(row.get("開設年月日", ""))
            lat = _number(row.get("緯度", ""), "緯度")
            lon = _number(row.get("経度", ""), "経度")
            capacity = _number(row.get("収容定員", ""), "収容定員", integer=True)
        except ValueError as error:
            raise InstanceError(f"{where}: {error}") from None
        if bool(lat) != bool(lon):
            raise InstanceError(f"{where}: 緯度 and 経度 must be given together")
        number = _normalise(row.get("NO", "")) or str(line - 1)
        facility_id = f"{id_prefix}{number}"
        if facility_id in seen_ids:
            raise InstanceError(f"{where}: NO {number!r} repeats line {seen_ids[facility_id]}")
        seen_ids[facility_id] = line
        block = UNASSIGNED_BLOCK
        if blocks and lat:
            block = _nearest_block(float(lat), float(lon), blocks)
        elif blocks:
            unplaced += 1
        address = " ".join(part for part in (row.get("住所", "").strip(), row.get("方書", "").strip()) if part)
        result.facilities.append(
            {
                "facility_id": facility_id,
                "name": name,
                "category": kind[0],
                "type": kind[1],
                "opening_date": opening.isoformat() if opening else "",
                "block": block,
                "address": address,
                "lat": lat,
                "lon": lon,
                "capacity": capacity,
                "open_findings": "0",
            }
        )
    if not blocks:
        result.notes.append(f"no --blocks given: every facility is in block {UNASSIGNED_BLOCK!r}; fill in the block column")
    elif unplaced:
        result.notes.append(f"{unplaced} facilities have no 緯度/経度 and stay in block {UNASSIGNED_BLOCK!r}")
    return result


def write_facilities_csv(result: ImportResult, out: Path | str) -> Path:
    """Write ``facilities.csv`` atomically (a failed write leaves the old file)."""
    target = Path(out)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FACILITY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.facilities)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(buffer.getvalue())
        os.replace(temporary, target)
    except OSError as error:
        raise InstanceError(f"{target}: cannot write ({error.strerror})") from None
    return target
