from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.assessments.periods import KINDS
from gridcare.assessments.services import Decision


class ReviewForm(forms.Form):
    """The marketing department's decision on an item or on its appeal (R-4.2)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        help_text=_("For a reduction, or where the rules leave the points to the review."),
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=1,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason of the appeal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScorecardForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("half", _("Half year"))],
    )
    period = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_kind(self) -> Any:
        return self.cleaned_data.get("kind") if self.cleaned_data.get("kind") in KINDS else "half"


class PointRuleForm(forms.Form):
    """A new version of the points for one kind of item (R-4.1: from a date, never
    rewriting items already recorded)."""

    points = forms.DecimalField(
        label=_("Points"),
        required=False,
        help_text=_("Leave empty for points set on review."),
        min_value=0,
        max_value=1000,
        max_digits=6,
        decimal_places=1,
    )
    effective_from = forms.DateField(
        label=_("Takes effect"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
