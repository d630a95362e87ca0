"""How the audit trail of assessment items reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import Decision
from gridcare.core.audit_actions import Field, register
from gridcare.org.models import Company


def evidence_kind(value: str) -> str:
    """ "app_label.model" (the evidence's type, as the data keeps it) as the record's kind."""
    try:
        return str(apps.get_model(value)._meta.verbose_name)
    except (LookupError, ValueError):
        return value


def scope_name(value: str) -> str:
    """A point rule's scope: a company by its code, or every company of the deployment."""
    if value == "deployment":
        return gettext("All companies")
    company = Company.objects.filter(code=value).only("name").first()
    return company.name if company is not None else value


def register_actions() -> None:
    status = dict(AssessmentItem.Status.choices)
    register(
        {
            "assessments.item.recorded": _("Assessment item recorded"),
            "assessments.item.reopened": _("Assessment item reopened"),
            "assessments.item.withdrawn": _("Assessment item withdrawn"),
            "assessments.item.confirmed": _("Assessment item confirmed"),
            "assessments.item.reduced": _("Assessment item reduced"),
            "assessments.item.rejected": _("Assessment item rejected"),
            "assessments.item.appealed": _("Assessment item appealed"),
            "assessments.item.appeal_decided": _("Appeal decided: %(decision)s"),
            "assessments.rule.revised": _("Points rule revised"),
            "assessments.item.cites_breach": _("The same late event also breached %(clause)s"),
        },
        fields={
            "kind": Field(_("Kind"), dict(Kind.choices)),
            "evidence": Field(_("Evidence"), render=evidence_kind),
            "occurred_on": _("Occurred on"),
            "was": Field(_("Previous status"), status),
            "points": _("Points"),
            "decision": Field(_("Decision"), dict(Decision.choices)),
            "rule_version": _("Rule version"),
            "scope": Field(_("Applies to"), render=scope_name),
            "breach": _("Breach number"),
            "clause": _("Clause"),
        },
    )
