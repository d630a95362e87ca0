from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridcare.applications.models import Application
from gridcare.org.models import Company
from gridcare.rules.limits import limit_text

#: The largest capacity the column holds (a PositiveIntegerField): larger is a field error.
MAX_CAPACITY_KVA = 2_147_483_647


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _now_local() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class ReceiveForm(forms.Form):
    """The counter clerk receives an application (R-2.10 starts here)."""

    customer = forms.CharField(label=_("Customer account number"), max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=Application.Kind.choices)
    residential_lighting = forms.BooleanField(label=_("Residential lighting"), required=False)
    received_at = forms.DateTimeField(
        label=_("Received"), widget=LocalDateTimeInput(), initial=_now_local
    )
    requested_capacity_kva = forms.IntegerField(
        label=_("Requested capacity (kVA)"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY_KVA,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit of the standard in force today, never a figure written here (R-DEF).
        days = limit_text(
            "application.residential_energize",
            company=company,
            attrs={"residential_lighting": True},
        )
        self.fields["residential_lighting"].help_text = _(
            "Energized within %(limit)s of the application (R-2.10)."
        ) % {"limit": days}


class EventForm(forms.Form):
    type = forms.ChoiceField(
        choices=[
            ("plan_replied", _("Supply plan replied")),
            ("acceptance_passed", _("Completion acceptance passed")),
            ("energized", _("Energized")),
        ]
    )
    at = forms.DateTimeField(label=_("When"), widget=LocalDateTimeInput(), initial=_now_local)
    conditions_met_at = forms.DateTimeField(
        label=_("Power-on conditions hold since"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Completion acceptance only; empty: at acceptance."),
    )
    procedures_completed_at = forms.DateTimeField(
        label=_("Procedures complete since"),
        required=False,
        widget=LocalDateTimeInput(),
        help_text=_("Completion acceptance only; empty: at acceptance."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (Application.Status.WITHDRAWN, _("Withdrawn by the customer")),
            (Application.Status.REJECTED, pgettext_lazy("an application not accepted", "Rejected")),
        ]
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)
