"""What became of the cases after the source (``data/history.toml``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from widgets.records.fields import DataError, Fields, as_table, read_toml
from widgets.records.loading import case_ids, data_dir

HISTORY_KINDS: tuple[str, ...] = ("merger", "cooperation", "ended")


@dataclass(frozen=True)
class Event:
    """Something that happened to a case after the source."""

    date: datetime.date
    kind: str
    text: str
    text_nl: str = ""  # the text for Dutch readers


@dataclass(frozen=True)
class History:
    """What became of a case after the source, with its sources."""

    summary: str
    sources: tuple[str, ...]
    verified: bool
    events: tuple[Event, ...] = field(default=())
    summary_nl: str = ""  # the summary for Dutch readers


def parse_history(document: Mapping[str, Any], source: str) -> dict[str, History]:
    """Check the later history of the cases; every case needs an entry."""
    known = case_ids()
    unknown = sorted(set(document) - set(known))
    if unknown:
        raise DataError(source, unknown[0], f"unknown case; known: {', '.join(known)}")
    histories = {}
    for case_id in known:
        if case_id not in document:
            raise DataError(source, case_id, "missing case")
        fields = Fields(source, as_table(document[case_id], source, case_id), f"{case_id}.")
        verified = fields.get("verified", True)
        if not isinstance(verified, bool):
            raise fields.fail("verified", "must be true or false")
        events = []
        for index, raw in enumerate(fields.tables("events")):
            event = Fields(source, raw, f"{case_id}.events[{index}].")
            date = event.get("date", True)
            if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
                raise event.fail("date", f"must be a date like 2015-01-01, got {date!r}")
            events.append(Event(date, event.choice("kind", HISTORY_KINDS), event.text("text", True),
                                event.text("text_nl")))
            event.no_unknown_keys()
        histories[case_id] = History(
            summary=fields.text("summary", True),
            sources=fields.texts("sources", True),
            verified=verified,
            events=tuple(sorted(events, key=lambda e: e.date)),
            summary_nl=fields.text("summary_nl"),
        )
        fields.no_unknown_keys()
    return histories


def load_history(path: Path | None = None) -> dict[str, History]:
    """What became of every case after the source, from ``data/history.toml``."""
    path = path or data_dir() / "history.toml"
    return parse_history(read_toml(path), str(path))


