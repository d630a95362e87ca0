"""Keyset pagination for UI lists: no COUNT, no OFFSET, the same cost on every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from gridcare.core.query import parse_id

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50


@dataclass
class KeysetPage(Generic[M]):
    items: list[M]
    is_first: bool
    next_query: str | None
    first_query: str


def keyset_page(
    queryset: QuerySet[M], request: HttpRequest, *, size: int = PAGE_SIZE
) -> KeysetPage[M]:
    """Newest first by primary key; `?after=<id>` continues below that id."""
    after = parse_id(request.GET.get("after"))
    qs = queryset.order_by("-pk")
    if after is not None:
        qs = qs.filter(pk__lt=after)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    params = request.GET.copy()
    params.pop("after", None)
    first_query = params.urlencode()
    next_query = None
    if more:
        params["after"] = str(rows[-1].pk)
        next_query = params.urlencode()
    return KeysetPage(
        items=rows, is_first=after is None, next_query=next_query, first_query=first_query
    )
