"""The records behind a compliance figure whose source is not the clocks (calls, hall
tickets, referrals, fault reports): each figure of the matrix opens them (R-1.1).

A module registers, for the standard codes its source counts, a `RecordSource`: the
records counted under a code in a state over a period, filtered with the same conditions
as its count (so the list holds as many rows as the figure says), the permission that lets
a user read them, and how one record is shown. The page is rules.views.compliance_records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode


@dataclass(frozen=True)
class Record:
    """One row of the page: what the record is, the day it counts on, its state (met,
    breached or running) and the page that opens it (none for a hall ticket)."""

    label: str
    on: date
    state: str
    url: str = ""


#: records(company_ids, code, state, date_from, date_to, today) -> the rows counted; state ""
#: is every record counted under the code.
Records = Callable[[list[int], str, str, date, date, date], QuerySet[Any]]

#: describe(row, code, today) -> how the row is shown.
Describe = Callable[[Any, str, date], Record]


@dataclass(frozen=True)
class RecordSource:
    noun: str | Promise
    permission: str
    records: Records
    describe: Describe


_SOURCES: dict[str, RecordSource] = {}


def register_records(codes: Iterable[str], source: RecordSource) -> None:
    """Records of these standard codes are listed from `source` (an AppConfig.ready())."""
    for code in codes:
        _SOURCES[code] = source


def record_source(code: str) -> RecordSource | None:
    return _SOURCES.get(code)


def records_drilldown(code: str, state: str, date_from: date, date_to: date) -> str:
    """The page of the records behind a figure; no record is ever exempted outside the
    clocks, so that figure (always 0) links nowhere."""
    if state == "exempted":
        return ""
    params = {"code": code, "state": state, "date_from": str(date_from), "date_to": str(date_to)}
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse('rules:compliance_records')}?{query}"
