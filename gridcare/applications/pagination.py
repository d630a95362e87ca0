"""Keyset pagination in queue order (key accounts first, nearest due first, then id):
no COUNT and no OFFSET, so the hundredth page costs what the first does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest

from gridcare.applications.models import Application
from gridcare.applications.selectors import queue_order
from gridcare.core.query import parse_id

PAGE_SIZE = 50


@dataclass
class QueuePage:
    items: list[Application]
    is_first: bool
    next_query: str | None
    first_query: str


def _parse(cursor: str) -> tuple[bool, date, int] | None:
    """`k.YYYY-MM-DD.id` → (key account, due, id), or None when it is not a cursor."""
    try:
        key, due, pk = cursor.split(".")
        after = parse_id(pk)
        return None if after is None else (key == "1", date.fromisoformat(due), after)
    except ValueError:
        return None


def _after(qs: QuerySet[Application], due: date, pk: int) -> QuerySet[Application]:
    # A row comparison, so that PostgreSQL reads the queue index as one range from the
    # cursor on (an OR of the same condition would make it scan from the start).
    table = Application._meta.db_table
    return qs.extra(  # noqa: S610 - fixed SQL text; the values are parameters
        where=[f'("{table}"."next_due", "{table}"."id") > (%s, %s)'], params=[due, pk]
    )


def cursor_of(application: Application) -> str:
    return f"{int(application.is_key_account)}.{application.next_due.isoformat()}.{application.pk}"


def queue_page(
    queryset: QuerySet[Application], request: HttpRequest, *, size: int = PAGE_SIZE
) -> QueuePage:
    """One page in queue order after the `after` cursor. Key accounts and the others are
    two ranges of the queue index: a page that crosses from one to the other reads both."""
    cursor = _parse(request.GET.get("after", ""))
    qs = queue_order(queryset)
    if cursor is None:
        rows = list(qs[: size + 1])
    else:
        key_account, due, pk = cursor
        rows = list(_after(qs.filter(is_key_account=key_account), due, pk)[: size + 1])
        if key_account and len(rows) <= size:
            rows += list(qs.filter(is_key_account=False)[: size + 1 - len(rows)])
    more = len(rows) > size
    rows = rows[:size]
    params = request.GET.copy()
    params.pop("after", None)
    first_query = params.urlencode()
    next_query = None
    if more:
        params["after"] = cursor_of(rows[-1])
        next_query = params.urlencode()
    return QueuePage(
        items=rows, is_first=cursor is None, next_query=next_query, first_query=first_query
    )
