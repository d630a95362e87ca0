from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.customers.validators import validate_name


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=20,
        # A hint below the field, not a placeholder: a placeholder number reads as data.
        help_text=_("As on your receipt: YK, the year and six digits."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number on file"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"


class PatrolRequestForm(forms.Form):
    """A key account asks for a special patrol (R-3.7.1): who it is, what and when."""

    account_number = forms.CharField(
        label=_("Customer account number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number on file"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    requested_by = forms.CharField(label=_("Your name"), max_length=60, validators=[validate_name])
    what = forms.CharField(
        label=_("What should be patrolled, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wanted_from = forms.DateField(label=_("Wanted from"), widget=DateInput())
    wanted_to = forms.DateField(label=_("Wanted by"), widget=DateInput())
