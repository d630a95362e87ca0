"""Forms of the key-account pages: they parse input and add messages; the rules are in the
services (DESIGN.md 6, 11)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core import query
from gridcare.customers.models import CreditRating
from gridcare.customers.validators import validate_name
from gridcare.keyaccounts.models import Interaction, ServiceItem
from gridcare.keyaccounts.services.contacts import eligible_contacts
from gridcare.keyaccounts.services.items import default_due
from gridcare.org.models import Company, Department, Staff
from gridcare.rules.models import Clause

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class ContactChoiceField(forms.ModelChoiceField):
    """Only the positions R-3.4.1 allows are offered (the service checks again)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.department.name} {obj.position.name}）"


def _contact_field(company: Company | None, **kwargs: Any) -> ContactChoiceField:
    qs = eligible_contacts(company) if company else Staff.objects.none()
    return ContactChoiceField(queryset=qs, label=kwargs.pop("label", _("Contact")), **kwargs)


def _departments(company: Company | None) -> Any:
    if company is None:
        return Department.objects.none()
    return Department.objects.filter(company=company, is_active=True).order_by("code")


class SettingsForm(forms.Form):
    min_annual_consumption_kwh = forms.IntegerField(
        label=_("Large consumption: at least (kWh a year)"), min_value=1
    )
    min_credit_rating = forms.ChoiceField(
        label=_("High payment credit rating: at least"), choices=CreditRating.choices
    )


class AccountNumberMixin(forms.Form):
    account_number = forms.CharField(label=_("Account number"), max_length=30)


class EntryForm(forms.Form):
    """One line of a draft list (R-3.3.3)."""

    included = forms.BooleanField(label=_("On the list"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
    contact = forms.ModelChoiceField(queryset=Staff.objects.none(), required=False)

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = _contact_field(company, required=False)


class AddEntryForm(AccountNumberMixin):
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXT, max_length=1000)
    contact = forms.ModelChoiceField(queryset=Staff.objects.none(), required=False)

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = _contact_field(company, required=False)


class InterimForm(AccountNumberMixin):
    """A special customer proposed between rounds (R-3.3.2), or added by the company."""

    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=1000)
    contact = forms.ModelChoiceField(queryset=Staff.objects.none())

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = _contact_field(company)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=2000)


class ApproveForm(NoteForm):
    approved_at = forms.DateTimeField(
        label=_("Decided at"),
        required=False,
        widget=DATETIME,
        help_text=_("When the company decided, if earlier than now."),
    )


class ContactChangeForm(forms.Form):
    new_contact = forms.ModelChoiceField(queryset=Staff.objects.none())
    reason = forms.CharField(label=_("Reason for the change"), widget=TEXT, max_length=2000)

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_contact"] = _contact_field(company, label=_("New contact"))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class InteractionForm(forms.Form):
    """A visit or phone contact (R-3.6.1), with at most one need raised (R-3.6.2)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    participants = forms.CharField(
        label=_("Who took part"), required=False, max_length=300, validators=[validate_name]
    )
    summary = forms.CharField(label=_("What was discussed"), widget=TEXT, max_length=4000)
    need_title = forms.CharField(
        label=_("Need or power problem raised"), required=False, max_length=200
    )
    need_department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.none(), required=False
    )
    need_due = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.fields["need_department"].queryset = _departments(company)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("need_title"):
            if not data.get("need_department"):
                self.add_error("need_department", _("Choose the responsible department."))
            if not data.get("need_due"):
                self.add_error("need_due", _("Give the due date."))
        return data


class ServiceItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    detail = forms.CharField(label=_("Detail"), required=False, widget=TEXT, max_length=4000)
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Needed for needs, business and other services."),
    )
    due = forms.DateField(label=_("Due"), required=False, widget=DATE)
    application = forms.CharField(
        label=_("Application number"),
        required=False,
        max_length=20,
        help_text=_("For business handled on the customer's behalf: the application it created."),
    )

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if company is not None:
            # The limit of the standard of the kind offered.
            initial.setdefault(
                "due",
                default_due(
                    company_id=company.pk,
                    kind=initial.get("kind", ServiceItem.Kind.NEED),
                    on=timezone.localdate(),
                ),
            )
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(company)  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=TEXT, max_length=4000)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])

    def __init__(self, *args: Any, item: ServiceItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ServiceItem.TRANSITIONS.get(item.status, frozenset()) if item else frozenset()
        self.fields["status"].choices = [("", _("(unchanged)"))] + [  # type: ignore[attr-defined]
            (value, label) for value, label in ServiceItem.Status.choices if value in allowed
        ]


class ProposalForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department assessed"), queryset=Department.objects.none()
    )
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none())
    reason = forms.CharField(label=_("What was not delivered"), widget=TEXT, max_length=4000)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=TEXT, max_length=4000)

    def __init__(
        self, *args: Any, company: Company | None = None, clauses: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(company)  # type: ignore[attr-defined]
        self.fields["clause"].queryset = Clause.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in clauses or []]
        ).order_by("sort_key")


class PeriodForm(forms.Form):
    date_from = query.DateField(label=_("From"), required=False, widget=DATE)
    date_to = query.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or date(
            data["date_to"].year - 2, data["date_to"].month, 1
        )
        if data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("'To' must not be before 'from'."))
        return data


class OnDateForm(forms.Form):
    on = query.DateField(label=_("List on"), required=False, widget=DATE)
