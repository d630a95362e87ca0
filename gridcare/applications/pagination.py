"""Keyset pagination in queue order (key accounts first, nearest due first, then id):
no COUNT and no OFFSET, so the hundredth page costs what the first does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from gridcare.applications.models import Application
from gridcare.applications.selectors import queue_order

PAGE_SIZE = 50


@dataclass
class QueuePage:
    items: list[Application]
    is_first: bool
    next_query: str | None
    first_query: str


def _after(cursor: str) -> Q | None:
    """`k.YYYY-MM-DD.id` → the rows after that position in queue order."""
    try:
        key, due, pk = cursor.split(".")
        key_account, after_due, after_id = key == "1", date.fromisoformat(due), int(pk)
    except ValueError:
        return None
    later_same_key = Q(is_key_account=key_account) & (
        Q(next_due__gt=after_due) | Q(next_due=after_due, id__gt=after_id)
    )
    return later_same_key | Q(is_key_account=False) if key_account else later_same_key


def cursor_of(application: Application) -> str:
    return f"{int(application.is_key_account)}.{application.next_due.isoformat()}.{application.pk}"


def queue_page(
    queryset: QuerySet[Application], request: HttpRequest, *, size: int = PAGE_SIZE
) -> QueuePage:
    cursor = request.GET.get("after", "")
    condition = _after(cursor) if cursor else None
    qs = queue_order(queryset)
    if condition is not None:
        qs = qs.filter(condition)
    rows = list(qs[: size + 1])
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
        items=rows, is_first=condition is None, next_query=next_query, first_query=first_query
    )
