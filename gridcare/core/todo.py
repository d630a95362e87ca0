"""Each person's to-do list as data (R-3.7.3): the first card of every home page.

A record module registers a provider in its AppConfig.ready(): given a user and a row
limit, it returns what that user must do next among its records (the user's company
only, and their department or their own records where the work is personal) and how many
there are in all. The card merges them: late work first, then key accounts, then the
nearest due date, so that core never imports the modules that own the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from gridcare.org.roles import role_codes

#: Entries the card lists; "and N more" counts the rest.
LIMIT = 10


@dataclass(frozen=True)
class Entry:
    """One thing to do: the record it is about and by when."""

    #: What to do, e.g. "Call back", "Answer the referral".
    action: str
    #: The record by its number and customer: what the person recognises.
    record: str
    #: A page of the record (or of its queue) the person may open.
    url: str
    due: date | datetime | None = None
    is_key_account: bool = False

    @property
    def due_at(self) -> datetime | None:
        """The due date as an instant: a date is due by the end of its day."""
        if self.due is None or isinstance(self.due, datetime):
            return self.due
        return timezone.make_aware(datetime.combine(self.due, time.max))

    @property
    def overdue(self) -> bool:
        due_at = self.due_at
        return due_at is not None and due_at < timezone.now()

    @property
    def has_time(self) -> bool:
        return isinstance(self.due, datetime)


@dataclass(frozen=True)
class Batch:
    """A provider's answer: at most `limit` entries, in its own order, and the total."""

    entries: list[Entry]
    total: int


EMPTY = Batch([], 0)

Provider = Callable[[Any, int], Batch]


def total_of(rows: list[Any], limit: int, qs: Any) -> int:
    """How many rows `qs` holds, `rows` being its first `limit`: a count query only when
    the page is full."""
    return qs.count() if len(rows) == limit else len(rows)


@dataclass(frozen=True)
class Source:
    code: str
    provider: Provider
    #: Roles whose members it asks (every role when empty): the others cost no query.
    roles: frozenset[str] = field(default_factory=frozenset)


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.code] = source


def _order(entry: Entry) -> tuple[bool, bool, bool, datetime]:
    due_at = entry.due_at
    # What is late already comes first (a crew's missed arrival before next week's
    # patrol); then key accounts first, the nearest due; undated work last.
    return (
        not entry.overdue,
        not entry.is_key_account,
        due_at is None,
        due_at or datetime.max.replace(tzinfo=timezone.get_current_timezone()),
    )


def todo_for(user: Any, limit: int = LIMIT) -> dict[str, Any]:
    """The user's to-do: the first `limit` entries of every source merged, and how many
    more there are."""
    roles = role_codes(user)
    entries: list[Entry] = []
    total = 0
    for source in sorted(_SOURCES.values(), key=lambda s: s.code):
        if source.roles and not (source.roles & roles):
            continue
        batch = source.provider(user, limit)
        entries.extend(batch.entries)
        total += batch.total
    # A stable sort: entries that tie keep their source's own order (appeals before
    # reviews, say).
    entries.sort(key=_order)
    shown = entries[:limit]
    return {"entries": shown, "more": max(total - len(shown), 0)}


def todo_panel(request: Any) -> dict[str, Any]:
    """Context of the home's to-do card."""
    return todo_for(request.user)
