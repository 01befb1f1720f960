"""``offices.yaml``: a set of offices, each an ordinary instance directory.

```yaml
name: tama-region
offices:
  - {id: nishitokyo, path: nishitokyo, label: 西東京市}   # path relative to this file's folder
  - {id: kodaira, path: kodaira}
```

A directory holding ``offices.yaml`` is an office set; ``planner solve`` and
``planner check`` then work on every office of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from planner.domain import Instance
from planner.domain.base import PlannerModel

INDEX_FILE = "offices.yaml"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class OfficeEntry(PlannerModel):
    id: Annotated[str, Field(min_length=1, max_length=80, pattern=ID_PATTERN)]
    """The office's name in the summary and its output folder."""
    path: Annotated[str, Field(min_length=1)]
    """Its instance directory, relative to the index's folder."""
    label: str = ""
    """Name for people (the HTML summary); the id when empty."""

    @property
    def title(self) -> str:
        return self.label or self.id


class OfficeIndex(PlannerModel):
    name: Annotated[str, Field(min_length=1, pattern=ID_PATTERN)]
    offices: Annotated[list[OfficeEntry], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> OfficeIndex:
        seen: set[str] = set()
        for office in self.offices:
            if office.id in seen:
                raise ValueError(f"offices: duplicate id {office.id!r}")
            seen.add(office.id)
        return self


def is_office_set(directory: Path | str) -> bool:
    return (Path(directory) / INDEX_FILE).is_file()


def load_office_index(directory: Path | str) -> OfficeIndex:
    """Read and validate ``offices.yaml`` (one-line errors naming the file and key, exit 2)."""
    from planner.io.readers import load_yaml_model

    return load_yaml_model(Path(directory) / INDEX_FILE, OfficeIndex, "a mapping with the keys 'name' and 'offices'")


def office_dir(directory: Path | str, office: OfficeEntry) -> Path:
    return (Path(directory) / office.path).resolve()


class OfficeDocument(PlannerModel):
    """One office of a set in one JSON document: its entry's id and label, and its whole instance."""

    id: Annotated[str, Field(min_length=1, max_length=80, pattern=ID_PATTERN)]
    label: str = ""
    instance: Instance


class OfficeSetDocument(PlannerModel):
    """A whole office set as one JSON document (``planner export`` on a folder holding ``offices.yaml``)."""

    name: Annotated[str, Field(min_length=1, pattern=ID_PATTERN)]
    offices: Annotated[list[OfficeDocument], Field(min_length=1)]


def office_set_document(directory: Path | str) -> OfficeSetDocument:
    """Every office of the set in ``directory``, read and validated as ``planner solve`` would."""
    from planner.io.readers import load_instance

    index = load_office_index(directory)
    return OfficeSetDocument(
        name=index.name,
        offices=[
            OfficeDocument(id=office.id, label=office.label, instance=load_instance(office_dir(directory, office)))
            for office in index.offices
        ],
    )
