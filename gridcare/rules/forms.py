from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core import query


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


class StandardReviseForm(forms.Form):
    amount = forms.IntegerField(label=_("New limit"), min_value=1, max_value=100000)
    effective_from = forms.DateField(
        label=_("Takes effect on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileAdoptForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Our own from"), widget=forms.DateInput(attrs={"type": "date"})
    )
