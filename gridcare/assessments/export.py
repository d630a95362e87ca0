"""Excel export of a scorecard with the items behind it (R-3.9.1).

A cell whose text starts with =, +, -, @ (or a tab or carriage return) would be read by a
spreadsheet as a formula: such text is written with a leading apostrophe (OWASP CSV
injection)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.periods import Period
from gridcare.assessments.selectors import ScoreRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _score_header() -> list[str]:
    return [
        _("Department"),
        _("Items"),
        _("To review"),
        _("Appealed"),
        _("Confirmed"),
        _("Reduced"),
        _("Rejected"),
        _("Withdrawn"),
        _("Points"),
        _("Points not yet decided"),
    ]


def _score_row(row: ScoreRow) -> list[Any]:
    return [
        row.department or _("(no department)"),
        row.items,
        row.pending,
        row.appealed,
        row.confirmed,
        row.reduced,
        row.rejected,
        row.withdrawn,
        float(row.points),
        float(row.points_pending),
    ]


def _item_header() -> list[str]:
    return [
        _("Number"),
        _("Occurred on"),
        _("Department"),
        _("Person"),
        _("Kind of item"),
        _("Clause"),
        _("Description"),
        _("Evidence"),
        _("Status"),
        _("Points by the rules"),
        _("Points"),
        _("Reason of the review"),
        _("Reason of the appeal"),
        _("Reason of the appeal decision"),
    ]


def _item_row(item: AssessmentItem) -> list[Any]:
    return [
        item.pk,
        item.occurred_on,
        item.department.name if item.department else "",
        item.staff.name if item.staff else "",
        item.get_kind_display(),
        item.clause.number if item.clause else "",
        item.description,
        f"{item.evidence_type.app_label}.{item.evidence_type.model}#{item.evidence_id}",
        item.get_status_display(),
        float(item.points_proposed) if item.points_proposed is not None else None,
        float(item.points) if item.points is not None else None,
        item.review_reason,
        item.appeal_reason,
        item.appeal_decision_reason,
    ]


def write_xlsx(
    *, period: Period, rows: list[ScoreRow], items: Iterable[AssessmentItem]
) -> IO[bytes]:
    """Two sheets, the scorecard and its items, in a temporary file (write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Scorecard"))
    sheet.append([neutralise(f"{_('Scorecard')} {period.label}")])
    sheet.append(_score_header())
    for row in rows:
        sheet.append([neutralise(v) for v in _score_row(row)])
    detail = workbook.create_sheet(_("Items"))
    detail.append(_item_header())
    for item in items:
        detail.append([neutralise(v) for v in _item_row(item)])
    # Closed by the FileResponse that streams it.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(out)
    out.seek(0)
    return out
