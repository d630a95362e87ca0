"""Sources of assessment items as data: each module that produces something assessable
registers one in its AppConfig.ready() (like gridcare.core.demo).

A source is a function `sync(company, date_from, date_to) -> int` that records, through
`services.assessment_item_record`, an item for every assessable record of the company in
the range (and withdraws, through `services.assessment_item_withdraw`, the items whose
record no longer stands); it returns how many items it created or changed. Recording is
idempotent (one item per kind and evidence record), so a source may run as often as it
likes: the periodic task runs every source over the current and the previous month.

Modules may also record an item at the moment of the event instead (a receiver calling the
service); the periodic run then finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from gridcare.org.models import Company

Sync = Callable[[Company, date, date], int]


@dataclass(frozen=True)
class ItemSource:
    name: str
    sync: Sync
    order: int = 100


_SOURCES: dict[str, ItemSource] = {}


def register(source: ItemSource) -> None:
    _SOURCES[source.name] = source


def sources() -> list[ItemSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.name))
