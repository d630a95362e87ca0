from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core import query
from gridcare.rules.catalogue import CATALOGUE
from gridcare.rules.models import ServiceStandard


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
