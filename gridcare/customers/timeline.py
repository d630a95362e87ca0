"""One timeline of everything about a customer, as a registry other modules add to.

A module registers a source in its AppConfig.ready(): a function that returns the newest
entries about one customer (at most `limit`). The customer page merges them, newest first.
Applications add theirs now; calls, complaints, visits, inspections and outages add theirs
as those modules arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str | Promise
    url: str = ""
    icon: str = "dot"
    detail: str = ""


Source = Callable[[Any, int], list[TimelineEntry]]

_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _SOURCES[name] = source


def timeline_for(customer: Any, *, limit: int = 50) -> list[TimelineEntry]:
    """The newest `limit` entries of every registered source, newest first."""
    entries: list[TimelineEntry] = []
    for name in sorted(_SOURCES):
        entries.extend(_SOURCES[name](customer, limit))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
