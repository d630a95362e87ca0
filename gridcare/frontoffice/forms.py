"""Forms of the front office. They shape input and say what is wrong; the rules live in the
services and the database (DESIGN.md 6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core.uploads import MaxUploadSize, TextFile
from gridcare.customers.validators import validate_name
from gridcare.frontoffice.models import (
    Complaint,
    ConductItem,
    FeeItem,
    Matter,
    Relay,
)
from gridcare.org.models import Department, Staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def choices(form: forms.Form, name: str, queryset: Any) -> None:
    """Limit a choice field to the rows the user may pick (the view's scoped queryset)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def month_start(day: date) -> date:
    return day.replace(day=1)


class PeriodForm(forms.Form):
    """A period; this month to date unless chosen."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or month_start(data["date_to"])
        if data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("'To' must not be before 'from'."))
        elif (data["date_to"] - data["date_from"]).days > 3660:
            self.add_error("date_from", _("The period is at most ten years."))
        return data


class RatesForm(PeriodForm):
    BY = (
        ("day", _("by day")),
        ("week", _("by week")),
        ("month", _("by month")),
        ("agent", _("by agent")),
    )
    by = forms.ChoiceField(label=_("Grouped"), choices=BY, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["by"] = data.get("by") or "day"
        return data


class CallImportForm(forms.Form):
    file = forms.FileField(
        label=_("Master.csv from the phone system"),
        validators=[MaxUploadSize(), TextFile()],
        help_text=_("Asterisk cdr_csv, no header; importing the same file again adds nothing."),
    )


class ManualCallForm(forms.Form):
    caller = forms.CharField(label=_("Caller's number"), max_length=80, required=False)
    started_at = forms.DateTimeField(label=_("Rang at"), widget=DATETIME)
    answered = forms.BooleanField(label=_("Answered"), required=False, initial=True)
    ring_seconds = forms.DecimalField(
        label=_("Rang for (seconds)"),
        required=False,
        min_value=0,
        max_value=3600,
        decimal_places=1,
        help_text=_("The ring count and the limit come from the service standard."),
    )
    talk_seconds = forms.IntegerField(
        label=_("Talk time (seconds)"), required=False, min_value=0, initial=0
    )
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=Staff.objects.none(), required=False)

    def __init__(self, *args: Any, agents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agents is not None:
            choices(self, "agent", agents)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answered") and data.get("ring_seconds") is None:
            self.add_error("ring_seconds", _("Give how long the phone rang."))
        return data


class CallBackForm(forms.Form):
    reached = forms.BooleanField(label=_("Reached the caller"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MatterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Matter.Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Matter.Channel.choices)
    customer_name = forms.CharField(label=_("Customer"), max_length=100, validators=[validate_name])
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=30, required=False)
    customer_account = forms.CharField(label=_("Account number"), max_length=30, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 4})
    )
    received_at = forms.DateTimeField(
        label=_("Received"), required=False, widget=DATETIME, help_text=_("Now unless given.")
    )
    category = forms.ChoiceField(
        label=_("Complaint category"),
        choices=[("", "—"), *Complaint.Category.choices],
        required=False,
    )
    about_conduct = forms.BooleanField(label=_("About staff conduct"), required=False)
    prohibition = forms.ModelChoiceField(
        label=_("Prohibition concerned"), queryset=ConductItem.objects.none(), required=False
    )
    staff_concerned = forms.ModelChoiceField(
        label=_("Staff member concerned"), queryset=Staff.objects.none(), required=False
    )
    call = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, prohibitions: Any = None, staff: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if prohibitions is not None:
            choices(self, "prohibition", prohibitions)
        if staff is not None:
            choices(self, "staff_concerned", staff)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Matter.Kind.COMPLAINT and not data.get("category"):
            self.add_error("category", _("Choose the category of the complaint."))
        if data.get("about_conduct"):
            if not data.get("prohibition"):
                self.add_error("prohibition", _("Name the prohibition concerned."))
            if not data.get("staff_concerned"):
                self.add_error("staff_concerned", _("Name the staff member concerned."))
        return data


class OwnerChangeForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("New owner"), queryset=Staff.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            choices(self, "owner", staff)


class ReferralForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Refer to"), queryset=Department.objects.none())
    contact_person = forms.CharField(
        label=_("Person phoned"), max_length=50, validators=[validate_name]
    )
    contact_phone = forms.CharField(label=_("Number called"), max_length=30, required=False)
    request = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(label=_("Answer due"), widget=DATE)

    def __init__(
        self, *args: Any, departments: Any = None, due: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            choices(self, "department", departments)
        self.fields["due"].initial = due or timezone.localdate() + timedelta(days=1)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class RelayForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=Relay.Method.choices)
    note = forms.CharField(
        label=_("What the customer was told"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ContactForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    finding = forms.ChoiceField(
        label=_("Review finding"),
        choices=[
            (Complaint.Finding.SUBSTANTIATED, Complaint.Finding.SUBSTANTIATED.label),
            (Complaint.Finding.UNSUBSTANTIATED, Complaint.Finding.UNSUBSTANTIATED.label),
        ],
    )
    note = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Against the department"), queryset=Department.objects.none(), required=False
    )
    staff = forms.ModelChoiceField(
        label=_("Against the person"), queryset=Staff.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, departments: Any = None, staff: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            choices(self, "department", departments)
        if staff is not None:
            choices(self, "staff", staff)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("department") and not data.get("staff"):
            self.add_error("department", _("Name the department or the person."))
        return data


class ChargeForm(forms.Form):
    fee_item = forms.ModelChoiceField(label=_("Fee item"), queryset=FeeItem.objects.none())
    charged_on = forms.DateField(label=_("Date"), widget=DATE)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    customer_name = forms.CharField(label=_("Customer"), max_length=100, validators=[validate_name])
    customer_account = forms.CharField(label=_("Account number"), max_length=30, required=False)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)

    def __init__(self, *args: Any, items: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if items is not None:
            choices(self, "fee_item", items)
        self.fields["charged_on"].initial = timezone.localdate()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class InspectionForm(forms.Form):
    """One field per checklist item (points, finding, and the person for staff items)."""

    note = forms.CharField(
        label=_("Overall note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args: Any, items: Any = (), staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.IntegerField(
                label=item.localised_text, min_value=0, max_value=item.points, initial=item.points
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Finding"), max_length=500, required=False
            )
            if item.target == item.Target.STAFF:
                self.fields[f"staff_{item.pk}"] = forms.ModelChoiceField(
                    label=_("Staff member"),
                    queryset=staff if staff is not None else Staff.objects.none(),
                    required=False,
                    empty_label=_("— nobody in particular —"),
                )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "points": self[f"item_{item.pk}"],
                "note": self[f"note_{item.pk}"],
                "staff": self[f"staff_{item.pk}"] if f"staff_{item.pk}" in self.fields else None,
            }
            for item in self.items
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.items:
            points = data.get(f"item_{item.pk}")
            if points is not None and points < item.points and not data.get(f"note_{item.pk}"):
                self.add_error(f"note_{item.pk}", _("Say what was wrong."))
        return data


class AgentExtensionForm(forms.Form):
    extension = forms.CharField(
        label=_("Extension"),
        max_length=40,
        help_text=_("As the phone system writes it in the answering channel: SIP/8001-… is 8001."),
    )
    staff = forms.ModelChoiceField(
        label=_("Agent"), queryset=Staff.objects.none(), empty_label=_("— choose the agent —")
    )

    def __init__(self, *args: Any, staff: QuerySet[Staff], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
