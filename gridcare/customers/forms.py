from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gridcare.core.uploads import MaxUploadSize
from gridcare.customers.models import Customer


class CustomerForm(forms.ModelForm):
    supply_sources = forms.TypedChoiceField(
        label=_("supply sources"), choices=[(1, "1"), (2, "2")], coerce=int, initial=1
    )

    class Meta:
        model = Customer
        fields = [
            "account_number",
            "name",
            "category",
            "voltage",
            "supply_sources",
            "town",
            "address",
            "phone",
            "phone_alt",
            "contact_name",
            "contact_phone",
            "annual_consumption_kwh",
            "credit_rating",
            "is_government_body",
            "is_key_project",
            "special_guarantee_need",
            "deposit_paid",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            self.fields["account_number"].disabled = True


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        validators=[MaxUploadSize()],
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
