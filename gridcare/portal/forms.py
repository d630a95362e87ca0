from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "YK2025-000123", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number on file"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
