from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.org.roles import ROLES


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        help_text=_("The 6 digits shown by your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
    )


class EnrolForm(forms.Form):
    activation_code = forms.CharField(
        label=_("Activation code from your administrator"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PolicyForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Require two-step login"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles that must use it"),
        required=False,
        choices=[(role.code, role.label) for role in ROLES],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    include_superusers = forms.BooleanField(
        label=_("Superusers must use it"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Username or name"), required=False, max_length=150)


class ActivationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, strip=True)
