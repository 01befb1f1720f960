"""Corrupted input files: exit 2 with a one-line message naming the file, never a traceback.

One planted corruption of each kind (bytes, columns, dates, keys, encodings),
then hypothesis-driven random damage to the same files.  A damaged file that
happens to stay valid may pass (exit 0 or 1); anything else must be exit 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import cli


def _check(instance: Path, plan: Path):
    return CliRunner().invoke(cli, ["check", str(instance), str(plan)])


def _assert_clean_error(result, name: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and name in lines[0], result.output
    assert "Traceback" not in result.output


@pytest.fixture
def copies(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> tuple[Path, Path]:
    instance, plan = tmp_path / "instance", tmp_path / "plan"
    shutil.copytree(small_instance_dir, instance)
    shutil.copytree(small_plan_dir, plan)
    return instance, plan


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PLANTED = {
    "bytes in instance.yaml": lambda i, p: (i / "instance.yaml").write_bytes(
        (i / "instance.yaml").read_bytes()[:40] + b"\xff\xfe\x00\x81"
    ),
    "truncated instance.yaml": lambda i, p: (i / "instance.yaml").write_bytes((i / "instance.yaml").read_bytes()[:57]),
    "column dropped from facilities.csv": lambda i, p: _replace(i / "facilities.csv", "facility_id,", "id,"),
    "unknown column in facilities.csv": lambda i, p: _replace(i / "facilities.csv", ",block", ",blok"),
    "impossible date in instance.yaml": lambda i, p: _replace(i / "instance.yaml", "2017-12-29", "2017-12-32"),
    "non-ISO date in facilities.csv": lambda i, p: _replace(i / "facilities.csv", "2017-10-01", "H29.10.1"),
    "unknown key in instance.yaml": lambda i, p: _replace(i / "instance.yaml", "counter_min:", "counter_minimum:"),
    "wrong type in instance.yaml": lambda i, p: _replace(i / "instance.yaml", "days_per_week: 3", "days_per_week: three"),
    "utf-16 facilities.csv": lambda i, p: (i / "facilities.csv").write_bytes(
        (i / "facilities.csv").read_text(encoding="utf-8").encode("utf-16")
    ),
    "cp932 instance.yaml": lambda i, p: (i / "instance.yaml").write_bytes(
        (i / "instance.yaml").read_text(encoding="utf-8").encode("cp932")
    ),
    "bytes in visits.csv": lambda i, p: (p / "visits.csv").write_bytes(b"\x00\xff" + (p / "visits.csv").read_bytes()[5:]),
    "column dropped from roster.csv": lambda i, p: _replace(p / "roster.csv", "date,officer_id", "day,officer_id"),
    "bad date in visits.csv": lambda i, p: _replace(p / "visits.csv", ",2017-", ",17-"),
    "plan.json not JSON": lambda i, p: (p / "plan.json").write_text("{status: ", encoding="utf-8"),
}
FILE_OF = {
    "bytes in instance.yaml": "instance.yaml",
    "truncated instance.yaml": "instance.yaml",
    "column dropped from facilities.csv": "facilities.csv",
    "unknown column in facilities.csv": "facilities.csv",
    "impossible date in instance.yaml": "instance.yaml",
    "non-ISO date in facilities.csv": "facilities.csv",
    "unknown key in instance.yaml": "instance.yaml",
    "wrong type in instance.yaml": "instance.yaml",
    "utf-16 facilities.csv": "facilities.csv",
    "cp932 instance.yaml": "instance.yaml",
    "bytes in visits.csv": "visits.csv",
    "column dropped from roster.csv": "roster.csv",
    "bad date in visits.csv": "visits.csv",
    "plan.json not JSON": "plan.json",
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_each_planted_corruption_is_caught(copies: tuple[Path, Path], kind: str) -> None:
    instance, plan = copies
    PLANTED[kind](instance, plan)
    _assert_clean_error(_check(instance, plan), FILE_OF[kind])


TARGETS = ("instance.yaml", "facilities.csv", "visits.csv", "roster.csv", "meetings.csv", "counter.csv")


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, str, int, bytes]:
    target = draw(st.sampled_from(TARGETS))
    how = draw(st.sampled_from(["overwrite", "insert", "delete", "truncate", "reencode"]))
    return target, how, draw(st.integers(0, 10_000)), draw(st.binary(min_size=1, max_size=8))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(case=damage())
def test_random_damage_never_gives_a_traceback(tmp_path_factory, small_instance_dir: Path, small_plan_dir: Path, case) -> None:
    target, how, position, junk = case
    root = tmp_path_factory.mktemp("damaged")
    instance, plan = root / "instance", root / "plan"
    shutil.copytree(small_instance_dir, instance)
    shutil.copytree(small_plan_dir, plan)
    path = (instance if target in ("instance.yaml", "facilities.csv") else plan) / target
    data = path.read_bytes()
    at = position % max(1, len(data))
    if how == "overwrite":
        data = data[:at] + junk + data[at + len(junk) :]
    elif how == "insert":
        data = data[:at] + junk + data[at:]
    elif how == "delete":
        data = data[:at] + data[at + len(junk) * 8 :]
    elif how == "truncate":
        data = data[:at]
    else:
        data = data.decode("utf-8").encode("utf-16" if junk[0] % 2 else "cp932", errors="replace")
    path.write_bytes(data)
    result = _check(instance, plan)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    else:
        assert result.exit_code in (0, 1), result.output
