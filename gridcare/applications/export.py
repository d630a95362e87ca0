"""Excel export of any filtered application list, streamed row by row.

A cell whose text starts with =, +, -, @ (or a tab or carriage return) would be read by a
spreadsheet as a formula: such text is written with a leading apostrophe (OWASP CSV
injection)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.applications.models import NO_DUE, Application

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _row(a: Application) -> list[Any]:
    due: date | None = a.next_due if a.next_due != NO_DUE else None
    received: datetime = timezone.localtime(a.received_at).replace(tzinfo=None)
    return [
        a.number,
        a.customer.account_number,
        a.customer.name,
        a.get_kind_display(),
        _("yes") if a.residential_lighting else "",
        a.get_status_display(),
        received,
        a.voltage_label,
        a.supply_sources,
        a.town,
        _("yes") if a.is_key_account else "",
        a.responsible_department.name if a.responsible_department else "",
        due,
        _("yes") if a.has_breach else "",
    ]


def header() -> list[str]:
    return [
        _("Application number"),
        _("Account number"),
        _("Customer"),
        _("Kind"),
        _("Residential lighting"),
        _("Step"),
        _("Received"),
        _("Voltage"),
        _("Supply sources"),
        _("Town or street"),
        _("Key account"),
        _("Responsible department"),
        _("Next due"),
        _("Breached"),
    ]


def write_xlsx(rows: Iterable[Application]) -> IO[bytes]:
    """The rows as an .xlsx in a temporary file (write-only mode: constant memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("applications")
    sheet.append(header())
    for application in rows:
        sheet.append([neutralise(v) for v in _row(application)])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(out)
    out.seek(0)
    return out


def export_rows(qs: QuerySet[Application]) -> Iterable[Application]:
    return qs.select_related("customer", "responsible_department").iterator(chunk_size=2000)
