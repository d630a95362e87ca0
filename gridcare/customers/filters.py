from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.core.query import YesNoFilter
from gridcare.customers.models import Category, Customer, Voltage
from gridcare.customers.selectors import customer_search


class CustomerFilter(django_filters.FilterSet):
    """One FilterSet for the customer list page."""

    q = django_filters.CharFilter(method="filter_q", label=_("Number, name, phone or address"))
    town = django_filters.CharFilter(field_name="town", label=_("Town or street"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    voltage = django_filters.ChoiceFilter(choices=Voltage.choices, label=_("Voltage"))
    key_account = YesNoFilter(field_name="is_key_account", label=_("Key account"))

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Customer], name: str, value: str) -> QuerySet[Customer]:
        return customer_search(queryset, value)
