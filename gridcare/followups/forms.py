"""Forms of the follow-up pages: the result of a call, and the settings (R-3.8.2)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.followups.models import FollowupCall, FollowupSettings
from gridcare.followups.services import NO_ANSWER


class CallResultForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The customer"),
        choices=[
            (FollowupCall.Result.SATISFIED, _("is satisfied")),
            (FollowupCall.Result.DISSATISFIED, _("is dissatisfied")),
            (NO_ANSWER, _("did not answer")),
        ],
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
    )
    comment = forms.CharField(
        label=_("What the customer said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the customer is dissatisfied: it goes to the owner."),
    )
    attempts_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FollowupSettings
        fields = [
            "sample_percent",
            "every_complaint",
            "sample_matters",
            "sample_applications",
            "sample_faults",
            "seed",
            "due_working_days",
            "max_attempts",
        ]
        help_texts = {
            "seed": _(
                "The same seed and the same records always give the same sample; "
                "change it to draw another one."
            ),
        }
