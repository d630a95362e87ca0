"""How the audit trail of the working-day calendar reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.workdays.models import CalendarDay, YearStatus


def register_actions() -> None:
    register(
        {
            "workdays.year.entered": _("Calendar of %(year)s entered"),
            "workdays.year.corrected": _("Calendar of %(year)s corrected"),
        },
        fields={
            "source": _("Source"),
            "holidays": _("Holidays (name, first and last day)"),
            "makeup_days": _("Make-up working days"),
            "previous": _("Before"),
            "status": Field(_("Status"), dict(YearStatus.choices)),
            "changes": _("Changed days"),
            "date": _("Date"),
            "from": Field(_("Was"), dict(CalendarDay.Kind.choices)),
            "to": Field(_("Now"), dict(CalendarDay.Kind.choices)),
            "name_from": _("Name before"),
            "name_to": _("Name now"),
        },
    )
