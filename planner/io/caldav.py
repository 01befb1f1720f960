"""Put a plan's calendars on a CalDAV server (``planner publish``).

Each ``.ics`` file of the plan becomes one calendar collection named after the
instance and the file (``nishitokyo-fy2017-officer-A``), so officers and
facilities can subscribe to their own.  Publishing is a sync: events are put by
UID (a moved visit replaces its old copy, it is not added twice) and events
the server holds that the plan no longer has are deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import caldav
import icalendar
from caldav.lib import error as caldav_error
from icalendar.cal import Component

from planner.errors import PlanReadError, PublishError

CALENDAR_FOLDERS = ("calendars", "facilities")


@dataclass(frozen=True)
class PublishedCalendar:
    collection: str
    name: str
    events: int
    updated: int
    """Events put on the server (new or changed); the others were already there as they are."""
    deleted: int


def _plan_calendars(plan_dir: Path) -> list[tuple[Path, icalendar.Calendar]]:
    found = []
    for folder in CALENDAR_FOLDERS:
        for path in sorted((plan_dir / folder).glob("*.ics")):
            try:
                found.append((path, icalendar.Calendar.from_ical(path.read_bytes())))
            except ValueError as error:
                raise PlanReadError(f"{path}: not a valid iCalendar file ({error})") from None
    if not found:
        raise PlanReadError(f"{plan_dir}: no calendars (.ics) in {' or '.join(CALENDAR_FOLDERS)}/; solve with documents on")
    return found


def _instance_name(plan_dir: Path) -> str:
    try:
        return str(json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))["instance"])
    except (OSError, ValueError, KeyError, TypeError):
        raise PlanReadError(f"{plan_dir / 'plan.json'}: missing or unreadable (is this a plan directory?)") from None


def _single_event_calendar(source: icalendar.Calendar, event: Component) -> str:
    """One event with the time zones it refers to: one CalDAV resource per UID (RFC 4791 4.1)."""
    resource = icalendar.Calendar()
    resource.add("PRODID", source.get("PRODID", "-//visit-round-planner//planner//JA"))
    resource.add("VERSION", "2.0")
    for zone in source.walk("VTIMEZONE"):
        resource.add_component(zone)
    resource.add_component(event)
    return resource.to_ical().decode("utf-8")


_COMPARED = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "SEQUENCE")


def _same(held: Component, wanted: Component) -> bool:
    return all(
        (held[name].to_ical() if name in held else None) == (wanted[name].to_ical() if name in wanted else None)
        for name in _COMPARED
    )


def _collection(principal: Any, collection_id: str, name: str) -> Any:
    # caldav's methods are typed as sync-or-async unions; this module uses the sync client only.
    for calendar in principal.calendars():
        if str(calendar.url).rstrip("/").endswith("/" + collection_id):
            return calendar
    return principal.make_calendar(name=name, cal_id=collection_id)


def publish_calendars(
    plan_dir: Path | str, url: str, username: str | None = None, password: str | None = None, include_facilities: bool = True
) -> list[PublishedCalendar]:
    """Sync every calendar of ``plan_dir`` to the CalDAV server at ``url``."""
    root = Path(plan_dir)
    instance = _instance_name(root)
    calendars = [(path, cal) for path, cal in _plan_calendars(root) if include_facilities or path.parent.name != "facilities"]
    published = []
    try:
        # Without a password the client sends no credentials at all; a user name
        # alone (servers that trust the network) still has to reach the server.
        secret = password if password is not None or username is None else ""
        client: Any = caldav.DAVClient(url=url, username=username, password=secret)  # type: ignore[operator]
        principal = client.principal()
        for path, source in calendars:
            collection_id = (
                f"{instance}-{path.parent.name}-{path.stem}" if path.parent.name == "facilities" else f"{instance}-{path.stem}"
            )
            name = str(source.get("X-WR-CALNAME", collection_id))
            remote = _collection(principal, collection_id, name)
            wanted = {str(event["UID"]): event for event in source.walk("VEVENT")}
            held = {str(item.icalendar_component.get("UID", "")): item for item in remote.events()}
            updated = 0
            for uid, event in wanted.items():
                if uid in held and _same(held[uid].icalendar_component, event):
                    continue
                # The plan already carries the right SEQUENCE: the client must not bump it again.
                remote.add_event(_single_event_calendar(source, event), increase_seqno=False)
                updated += 1
            deleted = 0
            for uid, item in held.items():
                if uid not in wanted:
                    item.delete()
                    deleted += 1
            published.append(PublishedCalendar(collection_id, name, len(wanted), updated, deleted))
    except caldav_error.AuthorizationError:
        raise PublishError(f"{url}: the CalDAV server refused the credentials") from None
    except caldav_error.DAVError as error:
        raise PublishError(f"{url}: the CalDAV server rejected a request ({type(error).__name__}: {str(error)[:200]})") from None
    except Exception as error:
        # The HTTP stack's connection errors (requests, niquests, urllib3) share no base class with OSError.
        if isinstance(error, OSError) or "Connection" in type(error).__name__ or "Timeout" in type(error).__name__:
            raise PublishError(f"{url}: cannot reach the CalDAV server ({type(error).__name__})") from None
        raise
    return published
