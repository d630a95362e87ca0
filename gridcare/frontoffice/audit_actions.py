"""How the audit trail of matters, calls, halls and fees reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.frontoffice.models import (
    CallImport,
    CallRecord,
    Complaint,
    FeeItem,
    Matter,
    Relay,
    Ticket,
)


def fee_name(code: str) -> str:
    """A fee item's name for its code (the audit data keeps the code)."""
    item = FeeItem.objects.filter(code=code).order_by("-effective_from").first()
    return item.name if item is not None else code


def register_actions() -> None:
    matter_status = dict(Matter.Status.choices)
    register(
        {
            "frontoffice.matter.opened": _("Matter opened"),
            "frontoffice.matter.open": _("Matter reopened"),
            "frontoffice.matter.referred": _("Referred to %(department)s (due %(due)s)"),
            "frontoffice.matter.answered": _("Answer received from %(department)s"),
            "frontoffice.matter.relayed": _("Answer relayed to the customer"),
            "frontoffice.matter.closed": _("Matter closed"),
            "frontoffice.complaint.contacted": _("Complainant contacted"),
            "frontoffice.complaint.decided": _("Complaint decided: %(finding)s"),
        },
        fields={
            "kind": Field(_("Kind"), dict(Matter.Kind.choices)),
            "channel": Field(_("Channel"), dict(Matter.Channel.choices)),
            "owner": _("Owner"),
            "category": Field(_("Category"), dict(Complaint.Category.choices)),
            "from": Field(_("Previous status"), matter_status),
            "department": _("Department"),
            "method": Field(_("How"), dict(Relay.Method.choices)),
            "finding": Field(_("Finding"), dict(Complaint.Finding.choices)),
        },
    )
    register(
        {
            "frontoffice.matter.owner_changed": _("Owner changed from %(from)s to %(to)s"),
        },
        fields={"from": _("Previous owner"), "to": _("New owner")},
    )
    ticket_status = dict(Ticket.Status.choices)
    register(
        {
            "frontoffice.ticket.taken": _("Queue ticket %(number)s taken at %(hall)s"),
            # The new status is in the code: frontoffice.ticket.<status>.
            **{
                f"frontoffice.ticket.{status}": format_lazy(
                    "{} · {}", _("Queue ticket %(number)s"), label
                )
                for status, label in Ticket.Status.choices
            },
        },
        fields={
            "from": Field(_("Previous status"), ticket_status),
            "number": _("Ticket number"),
            "hall": _("Service hall"),
        },
    )
    register(
        {
            "frontoffice.call.entered": _("Call entered"),
            "frontoffice.call.called_back": _("Caller called back"),
        },
        fields={
            "caller": _("Caller"),
            "rings": _("Rings"),
            "outcome": Field(_("Outcome"), dict(CallRecord.Outcome.choices)),
            "reached": _("Reached"),
        },
    )
    register(
        {
            "frontoffice.callimport.queued": _("Call file queued for import"),
            "frontoffice.callimport.done": _("Call import completed"),
            "frontoffice.callimport.resumed": _("Call import resumed"),
            "frontoffice.callimport.interrupted": _("Call import interrupted"),
            "frontoffice.callimport.given_up": _("Call import given up"),
        },
        fields={
            "source": Field(_("Source"), dict(CallImport._meta.get_field("source").flatchoices)),
            "imported": _("Imported"),
            "duplicates": _("Duplicates"),
            "rejected": _("Rejected lines"),
        },
    )
    register(
        {
            "frontoffice.extension.assigned": _("Extension %(extension)s assigned to %(staff)s"),
            "frontoffice.extension.changed": _("Extension %(extension)s now answered by %(staff)s"),
            "frontoffice.extension.removed": _("Extension %(extension)s removed"),
        },
        fields={
            "extension": _("Extension"),
            "staff": _("Agent"),
            "previous_extension": _("Extension before"),
            "previous_staff": _("Agent before"),
        },
    )
    register(
        {"frontoffice.charge.recorded": _("Fee charged: %(item)s")},
        fields={
            "item": Field(_("Fee item"), render=fee_name),
            "authority": _("Authorising document"),
            "quantity": _("Quantity"),
            "amount": _("Amount (yuan)"),
        },
    )
    register(
        {
            "frontoffice.inspection.recorded": _("Hall inspection recorded: %(score)s of %(of)s"),
            "frontoffice.assessment.proposed": _("Assessment proposed"),
        },
        fields={
            "hall": _("Service hall"),
            "score": _("Score"),
            "of": _("Out of"),
            "failed": _("Failed items"),
            "clause": _("Clause"),
            "department": _("Department"),
            "staff": _("Staff member"),
        },
    )
