from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core import query
from gridcare.rules.catalogue import CATALOGUE
from gridcare.rules.models import Clause, RuleProfile, ServiceStandard


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


class PeriodForm(forms.Form):
    """A reporting period; the current half year to date unless chosen."""

    date_from = query.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = query.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or half_year_start(data["date_to"])
        if data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("'To' must not be before 'from'."))
        return data


def default_period() -> dict[str, date]:
    today = timezone.localdate()
    return {"date_from": half_year_start(today), "date_to": today}


def parameter_fields(code: str, current: dict[str, Any]) -> dict[str, forms.Field]:
    """One typed, optional field per parameter of the code's catalogue entry; empty keeps
    the catalogue's default. The service checks the same schema again (one rule)."""
    fields: dict[str, forms.Field] = {}
    for spec in CATALOGUE[code].parameters if code in CATALOGUE else ():
        common: dict[str, Any] = {
            "label": spec.label,
            "required": False,
            "initial": current.get(spec.key),
            "help_text": _("Default: %(value)s") % {"value": spec.default},
        }
        field: forms.Field
        if spec.choices:
            field = forms.ChoiceField(
                choices=[("", "—"), *[(c, c) for c in spec.choices]], **common
            )
        elif spec.kind is bool:
            field = forms.NullBooleanField(widget=forms.NullBooleanSelect, **common)
        elif spec.kind is int:
            field = forms.IntegerField(**common)
        elif spec.kind is float:
            field = forms.FloatField(**common)
        else:
            field = forms.CharField(**common)
        fields[f"param_{spec.key}"] = field
    return fields


def parameters_of(form: forms.Form) -> dict[str, Any]:
    """The parameters given on the form, by key; blank ones are left out."""
    return {
        name.removeprefix("param_"): value
        for name, value in form.cleaned_data.items()
        if name.startswith("param_") and value not in (None, "")
    }


class StandardReviseForm(forms.Form):
    amount = forms.IntegerField(label=_("New limit"), min_value=1, max_value=100000)
    effective_from = forms.DateField(
        label=_("Takes effect on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, standard: ServiceStandard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(parameter_fields(standard.code, standard.parameters))


class ProfileAdoptForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Our own from"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ClauseAddForm(forms.Form):
    number = forms.CharField(label=_("Clause number"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_zh_hans = forms.CharField(
        label=_("Title (Simplified Chinese)"), max_length=200, required=False
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    text = forms.CharField(label=_("Text of the clause"), widget=forms.Textarea(attrs={"rows": 4}))
    support = forms.CharField(
        label=_("How the system supports it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _schema_help() -> str:
    """Which parameters each code takes, from the catalogue."""
    return "; ".join(
        f"{code}: {', '.join(p.key for p in entry.parameters) or '—'}"
        for code, entry in sorted(CATALOGUE.items())
    )


class StandardAddForm(forms.Form):
    """A new standard under a clause of the profile; its unit and module are its code's."""

    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none())
    code = forms.ChoiceField(label=_("Code"))
    variant = forms.CharField(label=_("Variant"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    measure = forms.ChoiceField(label=_("What is measured"), choices=ServiceStandard.Measure)
    amount = forms.IntegerField(label=_("Limit"), min_value=1, max_value=100000)
    applies_to = forms.JSONField(
        label=_("Applies to"),
        required=False,
        initial=dict,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('Conditions on the subject, e.g. {"voltage": "10kv"}.'),
    )
    parameters = forms.JSONField(
        label=_("Parameters"),
        required=False,
        initial=dict,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    effective_from = forms.DateField(
        label=_("Takes effect on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source_kind = forms.ChoiceField(label=_("Source of the limit"), choices=ServiceStandard.Source)
    source_reference = forms.CharField(
        label=_("Source reference"),
        max_length=300,
        help_text=_("The clause quoted, or the document a product default is taken from."),
    )
    interpretation = forms.CharField(
        label=_("Interpretation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    interpretation_zh_hans = forms.CharField(
        label=_("Interpretation (Simplified Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpretation_en = forms.CharField(
        label=_("Interpretation (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, profile: RuleProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = profile.clauses.all()  # type: ignore[attr-defined]
        self.fields["code"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} ({entry.unit})") for code, entry in sorted(CATALOGUE.items())
        ]
        self.fields["parameters"].help_text = _("Known per code: %(schema)s.") % {
            "schema": _schema_help()
        }
