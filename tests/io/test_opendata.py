"""planner import-facilities: the 子育て施設一覧 fixture in every encoding, and broken files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.io.opendata import classify, parse_japanese_date
from planner.io.readers import load_instance
from tests.conftest import small_spec, write_instance

FIXTURE = Path(__file__).parent / "fixtures" / "kosodate_shisetsu.csv"


def _import(source: Path, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["import-facilities", str(source), "--out", str(out), *extra])


def _encoded(tmp_path: Path, encoding: str, text: str | None = None) -> Path:
    path = tmp_path / f"source-{encoding}.csv"
    path.write_bytes((text if text is not None else FIXTURE.read_text(encoding="utf-8")).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_every_encoding_gives_the_same_facilities_csv(tmp_path: Path, encoding: str) -> None:
    reference = _import(FIXTURE, tmp_path / "reference.csv")
    assert reference.exit_code == 0, reference.output
    result = _import(_encoded(tmp_path, encoding), tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "reference.csv").read_bytes()
    assert {"utf-8": "read as UTF-8:", "utf-8-sig": "read as UTF-8 (BOM):", "cp932": "read as Shift_JIS (cp932):"}[
        encoding
    ] in result.output


def test_types_are_mapped_and_every_skipped_row_is_reported(tmp_path: Path) -> None:
    result = _import(FIXTURE, tmp_path / "facilities.csv")
    assert result.exit_code == 0, result.output
    with open(tmp_path / "facilities.csv", encoding="utf-8") as handle:
        rows = {row["facility_id"]: row for row in csv.DictReader(handle)}
    assert {fid: (row["category"], row["type"]) for fid, row in rows.items()} == {
        "F2": ("community", "small_scale"),
        "F3": ("community", "family_based"),
        "F4": ("community", "workplace"),
        "F5": ("unlicensed", "certified"),
        "F6": ("unlicensed", "regular_use"),
        "F7": ("unlicensed", "company_led"),
        "F11": ("community", "family_based"),
        "F12": ("community", "small_scale"),
    }
    assert rows["F2"]["name"] == "（架空）こすもす小規模保育所"  # full-width spelling kept
    assert rows["F3"]["opening_date"] == "2017-10-01"  # 平成29年10月1日
    assert rows["F5"]["opening_date"] == "2012-04-01"  # H24.4.1
    assert rows["F12"]["opening_date"] == "2019-05-01"  # 令和元年5月1日
    assert rows["F4"]["capacity"] == "12"  # 12人
    assert rows["F3"]["address"] == "東京都西東京市架空町3-5 ２階"  # 住所 + 方書
    assert rows["F11"]["lat"] == "" and rows["F11"]["opening_date"] == ""
    for line, reason in ((2, "認可保育所"), (9, "幼稚園"), (10, "認定こども園"), (11, "児童館")):
        assert any(f"skipped line {line} " in out and reason in out for out in result.output.splitlines()), result.output


def test_imported_file_is_a_valid_instance_facility_list(tmp_path: Path) -> None:
    assert _import(FIXTURE, tmp_path / "facilities.csv").exit_code == 0
    with open(tmp_path / "facilities.csv", encoding="utf-8") as handle:
        facilities = list(csv.DictReader(handle))
    instance = load_instance(write_instance(tmp_path / "instance", small_spec(), facilities))
    assert len(instance.facilities) == 8


def test_blocks_go_to_the_nearest_core_nursery(tmp_path: Path) -> None:
    blocks = tmp_path / "blocks.csv"
    blocks.write_text("block,lat,lon\nnorth,35.745,139.530\nsouth,35.718,139.550\n", encoding="utf-8")
    result = _import(FIXTURE, tmp_path / "facilities.csv", "--blocks", str(blocks))
    assert result.exit_code == 0, result.output
    with open(tmp_path / "facilities.csv", encoding="utf-8") as handle:
        rows = {row["facility_id"]: row["block"] for row in csv.DictReader(handle)}
    assert rows["F4"] == "north" and rows["F3"] == "south"
    assert rows["F11"] == "未割当"  # no coordinates
    assert "have no 緯度/経度" in result.output


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    return _encoded(tmp_path, "cp932", text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",種別,", ",区分,", "missing column '種別'"),
        ("平成29年10月1日", "平成29年13月1日", "line 4 (（架空）ひだまり家庭的保育室)"),
        ("2017/09/01", "2017/09/31", "line 8 (（架空）つばさ企業主導型保育所)"),
        ("定期利用保育事業", "夜間託児サービス", "line 7 (（架空）そらいろ保育室)"),
        ("12人", "十二人", "収容定員"),
        ("35.7402", "北緯35度", "緯度"),
    ],
)
def test_broken_file_exit_2_naming_the_row(tmp_path: Path, old: str, new: str, expected: str) -> None:
    out = tmp_path / "facilities.csv"
    out.write_text("kept\n", encoding="utf-8")
    result = _import(_broken(tmp_path, old, new), out)
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()
    assert len(message) == 1 and message[0].startswith("error: ") and expected in message[0], result.output
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "kept\n"  # nothing already written is lost


def test_unknown_type_names_the_type(tmp_path: Path) -> None:
    result = _import(_broken(tmp_path, "定期利用保育事業", "夜間託児サービス"), tmp_path / "f.csv")
    assert "unknown facility type '夜間託児サービス'" in result.output


def test_undecodable_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 20)
    result = _import(binary, tmp_path / "f.csv")
    assert result.exit_code == 2 and "neither UTF-8 nor Shift_JIS" in result.output
    result = _import(tmp_path / "absent.csv", tmp_path / "f.csv")
    assert result.exit_code == 2 and "file not found" in result.output


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2017-04-01", "2017-04-01"),
        ("2017/4/1", "2017-04-01"),
        ("2017年4月1日", "2017-04-01"),
        ("20170401", "2017-04-01"),
        ("平成29年4月1日", "2017-04-01"),
        ("H29.4.1", "2017-04-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("Ｒ２．４．１", "2020-04-01"),
    ],
)
def test_japanese_dates(text: str, iso: str) -> None:
    assert parse_japanese_date(text).isoformat() == iso


def test_classify_prefers_visited_kinds_over_skipped_words() -> None:
    assert classify("小規模保育所") == ("community", "small_scale")  # contains 保育所
    assert classify("認可保育所") == "認可保育所は巡回の対象外"
    with pytest.raises(ValueError, match="unknown facility type"):
        classify("夜間託児サービス")


def test_an_existing_facilities_csv_is_replaced_only_with_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "facilities.csv"
    out.write_text("facility_id\nMINE\n", encoding="utf-8")
    refused = _import(FIXTURE, out)
    assert refused.exit_code == 2 and "already exists" in refused.output and "--overwrite" in refused.output
    assert out.read_text(encoding="utf-8") == "facility_id\nMINE\n"
    replaced = _import(FIXTURE, out, "--overwrite")
    assert replaced.exit_code == 0, replaced.output
    assert "F2" in out.read_text(encoding="utf-8")
