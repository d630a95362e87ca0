"""One FilterSet serves the UI lists, the Excel export and the API list (DESIGN.md)."""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.applications import selectors
from gridcare.applications.models import Application
from gridcare.core.query import DateFilter, YesNoFilter
from gridcare.core.selectors import day_start
from gridcare.customers.models import Voltage
from gridcare.org.models import Department

QUEUES = (
    ("open", _("Open")),
    ("at_risk", _("At risk")),
    ("breached", _("Breached")),
    ("all", _("All")),
)


class ApplicationFilter(django_filters.FilterSet):
    # Chosen by the tabs above the list, carried by the form when other filters change.
    queue = django_filters.ChoiceFilter(
        choices=QUEUES,
        method="filter_queue",
        label=_("List"),
        empty_label=None,
        widget=forms.HiddenInput,
    )
    # The first four are shown at once (the filter bar puts the rest behind "more").
    q = django_filters.CharFilter(method="filter_q", label=_("Number or customer"))
    status = django_filters.ChoiceFilter(choices=Application.Status.choices, label=_("Step"))
    key_account = YesNoFilter(field_name="is_key_account", label=_("Key account"))
    department = django_filters.ModelChoiceFilter(
        field_name="responsible_department",
        queryset=Department.objects.none(),
        label=_("Responsible department"),
    )
    kind = django_filters.ChoiceFilter(choices=Application.Kind.choices, label=_("Kind"))
    voltage = django_filters.ChoiceFilter(choices=Voltage.choices, label=_("Voltage"))
    town = django_filters.CharFilter(field_name="town", label=_("Town or street"))
    received_from = DateFilter(method="filter_from", label=_("Received from"))
    received_to = DateFilter(method="filter_to", label=_("Received to"))

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, data: object = None, *args: object, user: object = None, **kwargs: object):
        # The default list is the open queue.
        if data is not None and hasattr(data, "copy"):
            data = data.copy()
            data.setdefault("queue", "open")  # type: ignore[attr-defined]
        super().__init__(data, *args, **kwargs)  # type: ignore[arg-type]
        user = user or getattr(self.request, "user", None)
        if user is not None:
            from gridcare.org.selectors import department_list

            self.filters["department"].queryset = department_list(user=user)

    def filter_queue(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        today = timezone.localdate()
        if value == "open":
            return selectors.open_only(queryset)
        if value == "at_risk":
            return selectors.at_risk(queryset, today)
        if value == "breached":
            return selectors.breached(queryset, today)
        return queryset

    def filter_q(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        value = value.strip()
        if not value:
            return queryset
        if value.upper().startswith("YK"):
            return queryset.filter(number__istartswith=value.upper())
        return queryset.filter(
            Q(customer__account_number__istartswith=value) | Q(customer__name__icontains=value)
        )

    def filter_from(
        self, queryset: QuerySet[Application], name: str, value: date
    ) -> QuerySet[Application]:
        return queryset.filter(received_at__gte=day_start(value))

    def filter_to(
        self, queryset: QuerySet[Application], name: str, value: date
    ) -> QuerySet[Application]:
        return queryset.filter(received_at__lt=day_start(value + timedelta(days=1)))
