"""The instance library: every instance a benchmark names, by name, made the same way on every machine.

- the shipped instances (``instances/`` of the source tree): Nishi-Tokyo's FY2017 and a set of
  three offices;
- many-office sets, ``offices-12`` and ``offices-60``: prefecture-like sets of generated offices
  (mixed team sizes, outreach duties), made from the name;
- the ladder: rungs from three times the city to 40 officers x 800 facilities, each rung in
  the varied shapes of :func:`planner.generate.draw_shape` — shapes 211-215 for reporting
  (drawn after the last change tuned on any shape) and 1-16, 201-210 that the search was tuned
  on — named ``<rung>-shape<N>`` (``10x200-shape212``) and generated from that name alone (seed 0).

:func:`materialise` writes (or finds) the instance folder of a name; a generated one is the
same files wherever it is made (tested). ``planner library`` lists the names and writes one;
``planner export`` turns any instance folder into one JSON document (``planner schema
--document`` prints its JSON Schema) for tools that read one file.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from planner.errors import InstanceError

SOURCE_INSTANCES = Path(__file__).resolve().parents[1] / "instances"
"""The shipped instances, in a source checkout (an installed wheel has none)."""

SHIPPED = {"nishitokyo-fy2017": "3 officers, 49 facilities (the city's FY2017)", "three-offices": "a set of three offices"}
OFFICE_SETS = {"offices-12": 12, "offices-60": 60}
"""Many-office sets -> how many offices: prefecture-like sets of :func:`planner.generate.write_office_set`
(mixed team sizes, outreach duties), generated from the name (seed 0)."""
RUNGS: dict[str, tuple[int, int]] = {"3x": (9, 147), "10x200": (10, 200), "20x400": (20, 400), "40x800": (40, 800)}
"""Rung -> (officers, facilities)."""
REPORTING_SHAPES = (211, 212, 213, 214, 215)
"""Shapes drawn after the last change to the start, the naming and the generator: reported on, never tuned on."""
TUNING_SHAPES = (*range(1, 17), *range(201, 211))
"""Shapes looked at while the start and the search were built (issue 20): kept for development, not for reporting."""
_GENERATED_NAME = re.compile(r"^(?P<rung>[0-9a-z]+)-shape(?P<shape>[0-9]+)$")


@dataclass(frozen=True)
class LibraryEntry:
    name: str
    kind: str
    """``shipped`` or ``generated`` (and then ``reporting`` or ``tuning`` in ``use``)."""
    officers: int | None
    facilities: int | None
    use: str
    """What the entry is for, in words."""


def entries() -> list[LibraryEntry]:
    """Every name of the library, shipped first, then each rung's reporting and tuning shapes."""
    found = [LibraryEntry(name, "shipped", None, None, words) for name, words in SHIPPED.items()]
    found += [LibraryEntry(name, "generated", None, None, f"a set of {count} offices") for name, count in OFFICE_SETS.items()]
    for rung, (officers, facilities) in RUNGS.items():
        for shapes, use in ((REPORTING_SHAPES, "reporting"), (TUNING_SHAPES, "tuning")):
            found += [LibraryEntry(f"{rung}-shape{shape}", "generated", officers, facilities, use) for shape in shapes]
    return found


def materialise(name: str, directory: Path) -> Path:
    """The instance folder of ``name`` under ``directory`` (a shipped one is copied), written once."""
    target = directory / name
    if name in SHIPPED:
        source = SOURCE_INSTANCES / name
        if not source.is_dir():
            raise InstanceError(f"library: {name} ships with the source tree ({source} is missing)")
        if not target.exists():
            shutil.copytree(source, target)
        return target
    if name in OFFICE_SETS:
        from planner.generate import write_office_set

        if not (target / "offices.yaml").is_file():
            write_office_set(target, OFFICE_SETS[name], seed=0, name=name)
        return target
    match = _GENERATED_NAME.match(name)
    if match is None or match["rung"] not in RUNGS:
        raise InstanceError(f"library: no instance named {name!r} (planner library lists them)")
    from planner.generate import GenerateSpec, write_generated

    officers, facilities = RUNGS[match["rung"]]
    if not (target / "instance.yaml").is_file():
        write_generated(
            GenerateSpec(officers=officers, facilities=facilities, seed=0, shape=int(match["shape"]), name=name), target
        )
    return target
