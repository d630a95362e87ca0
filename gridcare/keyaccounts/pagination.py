"""Keyset pagination of the key-account list in name order (then account number, then
id): no COUNT and no OFFSET, so every page costs what the first does.

The cursor is the id of the last account shown; its name and number are read back from
the user's own scope, so a cursor never reveals or reaches an account outside it, and a
stale one (the account left the list) starts again from the first page.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from gridcare.core.pagination import KeysetPage
from gridcare.core.query import parse_id
from gridcare.customers.models import Customer

PAGE_SIZE = 50
ORDER = ("name", "account_number", "pk")


def _after(qs: QuerySet[Customer], last: Customer) -> QuerySet[Customer]:
    return qs.filter(
        Q(name__gt=last.name)
        | Q(name=last.name, account_number__gt=last.account_number)
        | Q(name=last.name, account_number=last.account_number, pk__gt=last.pk)
    )


def name_page(
    queryset: QuerySet[Customer], request: HttpRequest, *, size: int | None = None
) -> KeysetPage[Customer]:
    """One page of `queryset` in name order after the `?after=<id>` cursor."""
    size = size or PAGE_SIZE
    after = parse_id(request.GET.get("after"))
    qs = queryset.order_by(*ORDER)
    last = (
        queryset.order_by().only("pk", "name", "account_number").filter(pk=after).first()
        if after is not None
        else None
    )
    if last is not None:
        qs = _after(qs, last)
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
        items=rows, is_first=last is None, next_query=next_query, first_query=first_query
    )
