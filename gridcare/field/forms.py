"""Forms of field work: input shape only; the services hold the rules (DESIGN.md 6)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.customers.validators import validate_name
from gridcare.field.models import FaultReport, Feeder, Finding, Inspection, OutagePlan
from gridcare.field.services.faults import CREW_KINDS
from gridcare.field.services.inspections import FindingInput
from gridcare.org.models import Department

#: Findings one inspection record may carry (a bound on the request, not a rule).
MAX_FINDINGS = 30


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


def _now_local() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def crews(company_id: int) -> Any:
    return Department.objects.filter(
        company_id=company_id, kind__in=CREW_KINDS, is_active=True
    ).order_by("kind", "name")


class OutageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutagePlan.Kind.choices)
    title = forms.CharField(label=_("Work"), max_length=200)
    feeders = forms.ModelMultipleChoiceField(
        label=_("Feeders"), queryset=Feeder.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    town = forms.CharField(label=_("Town or street"), max_length=40, required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, company_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feeders"].queryset = Feeder.objects.filter(company_id=company_id)  # type: ignore[attr-defined]


class CoordinationForm(forms.Form):
    window_starts_at = forms.DateTimeField(
        label=_("Customer's window from"), widget=LocalDateTimeInput(), required=False
    )
    window_ends_at = forms.DateTimeField(
        label=_("Customer's window to"), widget=LocalDateTimeInput(), required=False
    )
    agreed_starts_at = forms.DateTimeField(label=_("Agreed start"), widget=LocalDateTimeInput())
    agreed_ends_at = forms.DateTimeField(label=_("Agreed end"), widget=LocalDateTimeInput())
    agreed_with = forms.CharField(label=_("Agreed with"), max_length=60)


class FaultForm(forms.Form):
    customer = forms.CharField(label=_("Customer account number"), max_length=30, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=FaultReport.Source.choices)
    area = forms.ChoiceField(label=_("Area"), choices=FaultReport.Area.choices)
    address = forms.CharField(label=_("Address"), max_length=200)
    description = forms.CharField(label=_("Fault"), widget=forms.Textarea(attrs={"rows": 2}))
    reported_at = forms.DateTimeField(
        label=_("Reported"), widget=LocalDateTimeInput(), initial=_now_local
    )


class FaultStepForm(forms.Form):
    crew = forms.ModelChoiceField(
        label=_("Crew"), queryset=Department.objects.none(), required=False
    )
    at = forms.DateTimeField(label=_("When"), widget=LocalDateTimeInput(), initial=_now_local)

    def __init__(self, *args: Any, company_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crew"].queryset = crews(company_id)  # type: ignore[attr-defined]


class InspectionPlanForm(forms.Form):
    customer = forms.CharField(label=_("Customer account number"), max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=Inspection.Kind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.none())
    scheduled_for = forms.DateField(label=_("Scheduled for"), widget=DateInput())
    requested_by = forms.CharField(
        label=_("Requested by"),
        max_length=100,
        required=False,
        validators=[validate_name],
        help_text=_("For a special patrol: who asked for it (contact or portal)."),
    )

    def __init__(self, *args: Any, company_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = crews(company_id)  # type: ignore[attr-defined]


class InspectionRecordForm(forms.Form):
    """Made on a phone on site (R-3.7.1): what was checked, its condition and the advice;
    the findings come in FindingFormSet."""

    inspected_at = forms.DateTimeField(
        label=_("Inspected"), widget=LocalDateTimeInput(), initial=_now_local
    )
    equipment = forms.CharField(
        label=_("Equipment checked"), widget=forms.Textarea(attrs={"rows": 2})
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=Inspection.Condition.choices)
    advice = forms.CharField(
        label=_("Maintenance advice"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (the phone's camera or gallery)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files if f]


class FindingForm(forms.Form):
    """One finding: left blank, it is skipped."""

    description = forms.CharField(
        label=_("What was found"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("", "---------"), *Finding.Severity.choices],
        required=False,
    )
    needs_customer_action = forms.BooleanField(
        label=_("Needs the customer's action"), required=False
    )
    photos = MultiplePhotoField(label=_("Photos"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description", "").strip():
            if not data.get("severity"):
                self.add_error("severity", _("Choose the severity."))
        elif data.get("photos") or data.get("severity") or data.get("needs_customer_action"):
            self.add_error("description", _("Describe the finding."))
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("description") or "").strip()


class BaseFindingFormSet(forms.BaseFormSet):
    def findings(self) -> list[FindingInput]:
        """The findings filled in, in the order given."""
        return [
            FindingInput(
                description=f.cleaned_data["description"],
                severity=f.cleaned_data["severity"],
                needs_customer_action=f.cleaned_data["needs_customer_action"],
                photos=tuple(f.cleaned_data["photos"]),
            )
            for f in self.forms
            if f.is_valid() and not f.is_blank
        ]


FindingFormSet = cast(
    "type[BaseFindingFormSet]",
    forms.formset_factory(
        FindingForm,
        formset=BaseFindingFormSet,
        extra=1,
        max_num=MAX_FINDINGS,
        absolute_max=MAX_FINDINGS,
        validate_max=True,
    ),
)


class PatrolRequestForm(forms.Form):
    """A key-account contact asks for a special patrol for one of their accounts."""

    requested_by = forms.CharField(
        label=_("Asked by (customer)"), max_length=100, validators=[validate_name]
    )
    phone = forms.CharField(label=_("Customer's phone"), max_length=30, required=False)
    what = forms.CharField(
        label=_("What should be patrolled, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wanted_from = forms.DateField(label=_("Wanted from"), widget=DateInput())
    wanted_to = forms.DateField(label=_("Wanted by"), widget=DateInput())


class PatrolScheduleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.none())
    scheduled_for = forms.DateField(label=_("Scheduled for"), widget=DateInput())

    def __init__(self, *args: Any, company_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = crews(company_id)  # type: ignore[attr-defined]


class PatrolDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why declined"), max_length=300)


class NoticeIssueForm(forms.Form):
    rectify_by = forms.DateField(label=_("Rectify by"), widget=DateInput())


class NoticeStepForm(forms.Form):
    to = forms.ChoiceField(choices=[], widget=forms.HiddenInput)
    at = forms.DateTimeField(label=_("When"), widget=LocalDateTimeInput(), initial=_now_local)
    by = forms.CharField(
        label=_("Signed by (customer)"), max_length=60, required=False, validators=[validate_name]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from gridcare.field.models import WrittenNotice

        self.fields["to"].choices = WrittenNotice.Status.choices  # type: ignore[attr-defined]
