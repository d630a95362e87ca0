"""How the audit trail of an application reads (see gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.applications.models import Application
from gridcare.core.audit_actions import Field, register


def register_actions() -> None:
    register(
        {
            "applications.application.received": _("Application received"),
            "applications.application.plan_replied": _("Supply plan replied"),
            "applications.application.acceptance_passed": _("Completion acceptance passed"),
            "applications.application.energized": _("Energized"),
            "applications.application.closed": _("Application closed"),
            "applications.application.withdrawn": _("Withdrawn by the customer"),
            "applications.application.rejected": _("Rejected by the company"),
        },
        fields={
            "kind": Field(_("Kind"), dict(Application.Kind.choices)),
            "residential_lighting": _("Residential lighting"),
            "received_at": _("Received at"),
            "from": Field(_("Previous step"), dict(Application.Status.choices)),
            "at": _("Recorded time"),
        },
    )
