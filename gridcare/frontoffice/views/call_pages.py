"""Keyset pagination of the call list by call time (R-2.8): newest call first, whatever
order the records were imported or entered in (a file of last month imported today, a
call entered by hand a day late). The cursor is the last row's (started_at, id), so every
page costs the same on the largest table of the system (index frontoffice_call_newest)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from gridcare.core.pagination import PAGE_SIZE, KeysetPage
from gridcare.frontoffice.models import CallRecord


def _cursor(call: CallRecord) -> str:
    stamp = call.started_at.astimezone(UTC)
    return f"{int(stamp.timestamp() * 1_000_000)}_{call.pk}"


def _parse(text: str | None) -> tuple[datetime, int] | None:
    """`<microseconds since the epoch>_<id>`, else None (a bad cursor shows page one)."""
    micros, _sep, pk = (text or "").partition("_")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 18:
        return None
    try:
        at = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return at, int(pk)


def calls_by_time(
    queryset: QuerySet[CallRecord], request: HttpRequest, *, size: int = PAGE_SIZE
) -> KeysetPage[CallRecord]:
    """Newest call first; `?after=<cursor>` continues below that call."""
    after = _parse(request.GET.get("after"))
    qs = queryset.order_by("-started_at", "-pk")
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(started_at__lt=at) | Q(started_at=at, pk__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    params = request.GET.copy()
    params.pop("after", None)
    first_query = params.urlencode()
    next_query = None
    if more:
        params["after"] = _cursor(rows[-1])
        next_query = params.urlencode()
    return KeysetPage(
        items=rows, is_first=after is None, next_query=next_query, first_query=first_query
    )
