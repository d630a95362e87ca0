"""Forms of the core app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NotificationPreferenceForm(forms.Form):
    delivery = forms.TypedChoiceField(
        label=_("Breach and reminder notices"),
        choices=[
            ("digest", _("One daily digest")),
            ("each", _("Each notice at once")),
        ],
        coerce=lambda value: value == "digest",
        widget=forms.RadioSelect,
    )
