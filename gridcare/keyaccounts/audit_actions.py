"""How the audit trail of key accounts reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.keyaccounts.models import (
    ContactChange,
    Criterion,
    DesignationRound,
    ServiceItem,
)


def linked_record(value: str) -> str:
    """ "application:12" (model:id, as the data keeps it) as the record's kind and number."""
    model_name, _sep, pk = str(value).partition(":")
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return f"{model._meta.verbose_name} #{pk}"
    return str(value)


def register_actions() -> None:
    criteria = Field(_("Criteria met"), dict(Criterion.choices))
    register(
        {
            "keyaccounts.visit.recorded": _("Visit recorded"),
            "keyaccounts.phone.recorded": _("Phone contact recorded"),
            "keyaccounts.item.created": _("Service item created"),
            "keyaccounts.item.progress": _("Service item progress recorded"),
            "keyaccounts.item.linked": _("Service item linked to %(linked)s"),
            "keyaccounts.proposal.created": _("Assessment proposed for %(department)s"),
            "keyaccounts.proposal.withdrawn": _("Assessment proposal withdrawn"),
        },
        fields={
            "kind": Field(_("Kind"), dict(ServiceItem.Kind.choices)),
            "status": Field(_("Status"), dict(ServiceItem.Status.choices)),
            "linked": Field(_("Linked record"), render=linked_record),
            "department": _("Department"),
            "clause": _("Clause"),
            "needs": _("Needs raised"),
        },
    )
    register(
        {
            "keyaccounts.round.opened": _("Designation round opened"),
            "keyaccounts.round.entry_changed": _("Round entry changed"),
            "keyaccounts.round.entry_added": _("Customer added to the round"),
            "keyaccounts.round.submitted": _("Round submitted for approval"),
            "keyaccounts.round.returned": _("Round returned for changes"),
            "keyaccounts.round.cancelled": _("Round cancelled"),
            "keyaccounts.round.approved": _("Round approved"),
            "keyaccounts.settings.changed": _("Designation criteria changed"),
            "keyaccounts.list.added": _("Added to the key-account list"),
            "keyaccounts.list.removed": _("Removed from the key-account list"),
        },
        fields={
            "kind": Field(_("Kind"), dict(DesignationRound.Kind.choices)),
            "candidates": _("Candidates"),
            "leaving": _("Leaving the list"),
            "included": _("Included"),
            "criteria": criteria,
            "added": _("Added"),
            "kept": _("Kept"),
            "removed": _("Removed"),
            "contact": _("Contact person"),
            "min_annual_consumption_kwh": _("Minimum annual consumption (kWh)"),
            "min_credit_rating": _("Minimum credit rating"),
        },
    )
    register(
        {
            "keyaccounts.contact.assigned": _("Contact person assigned: %(to)s"),
            "keyaccounts.contact_change.proposed": _("Contact change proposed: %(to)s"),
            "keyaccounts.contact_change.approved": _("Contact change approved"),
            "keyaccounts.contact_change.rejected": _("Contact change rejected"),
            "keyaccounts.contact_change.withdrawn": _("Contact change withdrawn"),
            "keyaccounts.feed.issued": _("Calendar feed issued"),
            "keyaccounts.feed.revoked": _("Calendar feed revoked"),
        },
        fields={
            "from": _("Previous contact"),
            "to": _("New contact"),
            "change": _("Change request number"),
            "round": _("Round number"),
            "status": Field(_("Status"), dict(ContactChange.Status.choices)),
        },
    )
