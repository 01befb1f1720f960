"""Which folders a command may write into, and the marker that says a folder is the planner's.

A command that writes a folder either *replaces* it whole (``solve``,
``replan``, ``counter``: the atomic swap of :func:`planner.io.writers.write_directory`)
or *adds to* it (``whatif``, ``sweep``, ``staffing``, a set of offices: a
summary, a cache, one plan folder per scenario or office). Either way the
folder must be one of:

- a path that does not exist yet, or an empty folder;
- a folder the planner wrote: it holds :data:`MARKER`, which lists every file
  the planner put there, and nothing else (a file a user added later is named
  in the refusal, never deleted);
- an output written before the marker existed (0.7.0 and earlier), recognised
  by its contract files, every entry of it a name the planner writes.

Whatever it holds, a command never writes into the current folder, the home
folder, the file system's root, a folder that holds an instance
(``instance.yaml``/``offices.yaml``), nor a folder that is or contains a path
the command reads. A refusal is an :class:`OutputFolderError` (exit 2), raised
before anything is solved or written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from planner.errors import OutputError
from planner.version import planner_version

MARKER = ".planner-output.json"
"""Written last into every output folder: the command, the version and the files the planner wrote there."""

INSTANCE_FILES = ("instance.yaml", "offices.yaml")

_TEMPORARY = re.compile(r"^\..+\.(writing|previous)-[A-Za-z0-9_]+$|^\..+\.tmp$")
"""A staging or retired folder of an atomic swap, or a half-written summary file: the planner's own leftovers."""

_LEGACY_ANCHORS = ("plan.json", "counter_slots.csv", "whatif.csv", "sweep.csv", "staffing.csv", "offices.csv")
_LEGACY_NAMES = frozenset(
    {
        # plan contract files, a re-plan's extras and the documents
        *("visits.csv", "roster.csv", "meetings.csv", "counter.csv", "plan.json", "changes.csv", "instance"),
        *("calendars", "facilities", "plan.xlsx", "report.html"),
        # the counter report
        *("counter_slots.csv", "counter_weeks.csv", "counter_months.csv", "counter_chart.png"),
        # batch summaries, their cache and plans
        *("whatif.csv", "whatif.html", "sweep.csv", "sweep.html", "staffing.csv", "staffing.html"),
        *("offices.csv", "offices.html", "cache", "plans"),
    }
)
_LISTED = 4
"""Files named in a refusal, at most (the line stays one line)."""


class OutputFolderError(OutputError):
    """The output folder is not one the planner may write into (nothing was written)."""


def _refuse(target: Path, why: str, remedy: str = "give --out a new or empty folder") -> OutputFolderError:
    return OutputFolderError(f"{target}: {why}; nothing was written — {remedy}")


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected_reason(target: Path, reading: Iterable[Path]) -> str | None:
    resolved = target.resolve()
    if resolved == Path(resolved.anchor):
        return "is the file system's root"
    if _is_within(Path.cwd().resolve(), resolved):
        return "is the current folder" if resolved == Path.cwd().resolve() else "holds the current folder"
    home = Path.home().resolve()
    if _is_within(home, resolved):
        return "is the home folder" if resolved == home else "holds the home folder"
    for read in reading:
        if _is_within(read.resolve(), resolved):
            return f"{'is' if read.resolve() == resolved else 'holds'} {read}, which this command reads"
    found = [name for name in INSTANCE_FILES if (resolved / name).exists()]
    if found:
        return f"holds an instance ({found[0]})"
    return None


def _files(folder: Path) -> Iterable[Path]:
    """Every file under ``folder`` (relative), not entering a sub-folder the planner marked as its own."""
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            if (entry / MARKER).is_file():
                yield Path(entry.name) / MARKER
                continue
            yield from (Path(entry.name) / inner for inner in _files(entry))
        elif entry.name != MARKER:
            yield Path(entry.name)


def _read_marker(folder: Path) -> dict[str, list[str]] | None:
    try:
        document = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("files"), list):
        return None
    return {"files": [str(name) for name in document["files"]], "owned": [str(name) for name in document.get("owned", [])]}


def foreign_files(folder: Path) -> list[str] | None:
    """Files under a marked ``folder`` that the planner did not write (``[]``: none); ``None`` if it has no marker.

    A sub-folder with a marker of its own is judged by that marker; a folder the
    marker declares ``owned`` (a scenario cache) is the planner's whole.
    """
    marker = _read_marker(folder)
    if marker is None:
        return None
    listed, owned = set(marker["files"]), marker["owned"]
    foreign: list[str] = []
    for path in _files(folder):
        name = path.as_posix()
        if _TEMPORARY.match(path.parts[0]) or any(name.startswith(f"{top}/") for top in owned):
            continue
        if path.name == MARKER:  # a marked sub-folder (an office's plan): judged by its own marker
            inner = foreign_files(folder / path.parent)
            foreign += [f"{path.parent.as_posix()}/{file}" for file in inner or []]
            continue
        if name not in listed:
            foreign.append(name)
    return foreign


def _is_legacy_output(folder: Path) -> bool:
    """An output of 0.7.0 or earlier: a contract file there, and every entry a name the planner writes."""
    names = [entry.name for entry in folder.iterdir() if not _TEMPORARY.match(entry.name)]
    if not any(name in _LEGACY_ANCHORS for name in names):
        return False
    return all(name in _LEGACY_NAMES or _is_legacy_output_or_marked(folder / name) for name in names)


def _is_legacy_output_or_marked(entry: Path) -> bool:
    """A sub-folder that is an office's or a scenario's plan of its own (an office set's output)."""
    if not entry.is_dir():
        return False
    found = foreign_files(entry)
    return found == [] if found is not None else _is_legacy_output(entry)


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def claim_output_folder(target: Path | str, *, reading: Iterable[Path | str] = ()) -> Path:
    """Refuse ``target`` (:class:`OutputFolderError`) unless a command may replace it or write into it.

    ``reading``: the paths the command reads (instance, plan, changes file);
    the output may neither be one of them nor contain one. Returns ``target``.
    """
    target = Path(target)
    reason = _protected_reason(target, [Path(path) for path in reading])
    if reason is not None:
        raise _refuse(target, reason)
    if not target.exists():
        return target
    if not target.is_dir():
        raise _refuse(target, "is a file, not a folder")
    if not any(target.iterdir()):
        return target
    foreign = foreign_files(target)
    if foreign is None:
        if _is_legacy_output(target):
            return target
        names = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in target.iterdir())
        unknown = [name for name in names if name.rstrip("/") not in _LEGACY_NAMES] or names
        raise _refuse(target, f"the planner did not write this folder (it holds {_listing(unknown)})")
    if foreign:
        raise _refuse(
            target, f"holds files the planner did not write ({_listing(foreign)})", "move them out, or give --out another folder"
        )
    return target


def mark_output_folder(folder: Path, command: str, *, owned: Sequence[str] = (), expected: Sequence[str] = ()) -> None:
    """Write :data:`MARKER` into ``folder``, listing every file there now (call it last).

    ``owned``: sub-folders that are the planner's whole (a cache that grows
    during a run); ``expected``: files a run will add later (a summary written
    at its end), listed now so a run killed before then leaves a folder the
    next run still recognises.
    """
    existing = {path.as_posix() for path in _files(folder)}
    files = sorted(
        name for name in existing | set(expected) if not any(name.startswith(f"{top}/") for top in owned) and name != MARKER
    )
    document = {
        "written_by": f"planner {command}",
        "version": planner_version(),
        "written_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "owned": sorted(owned),
        "files": files,
    }
    temporary = folder / f".{MARKER}.tmp"
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, folder / MARKER)


@contextmanager
def batch_folder(
    target: Path, command: str, *, reading: Iterable[Path | str] = (), owned: Sequence[str] = (), expected: Sequence[str] = ()
) -> Iterator[Path]:
    """A folder a command adds to as it goes (a comparison's cache and plans, a set of offices).

    Claimed and marked before the first file goes in (a run killed half-way
    leaves a folder the next run recognises), marked again when the block ends.
    """
    claim_output_folder(target, reading=reading)
    try:
        target.mkdir(parents=True, exist_ok=True)
        mark_output_folder(target, command, owned=owned, expected=expected)
    except OSError as error:
        raise OutputError(f"{target}: cannot create the output folder ({error.strerror or error})") from None
    yield target
    mark_output_folder(target, command, owned=owned, expected=expected)


def claim_new_files(paths: Sequence[Path], *, overwrite: bool, what: str) -> None:
    """Refuse to write over any of ``paths`` that exists, unless ``overwrite`` (``what``: the option that allows it)."""
    existing = [path for path in paths if path.exists()]
    if existing and not overwrite:
        raise OutputFolderError(
            f"{existing[0]}: already exists; nothing was written — choose another path, or give {what} to replace "
            + ("it" if len(existing) == 1 else f"it and {_listing([str(path) for path in existing[1:]])}")
        )
