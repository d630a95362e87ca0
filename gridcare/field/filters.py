"""FilterSets of field lists (one per list, shared by the UI and any API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.field.models import FaultReport, Inspection, OutagePlan


class OutageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Number or work"))
    kind = django_filters.ChoiceFilter(choices=OutagePlan.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=OutagePlan.Status.choices, label=_("Status"))
    town = django_filters.CharFilter(field_name="town", label=_("Town or street"))

    class Meta:
        model = OutagePlan
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[OutagePlan], name: str, value: str) -> QuerySet[OutagePlan]:
        return qs.filter(Q(number__icontains=value) | Q(title__icontains=value))


class FaultFilter(django_filters.FilterSet):
    queue = django_filters.ChoiceFilter(
        choices=(("open", _("Open")), ("all", _("All"))),
        method="filter_queue",
        label=_("List"),
        empty_label=None,
    )
    area = django_filters.ChoiceFilter(choices=FaultReport.Area.choices, label=_("Area"))
    status = django_filters.ChoiceFilter(choices=FaultReport.Status.choices, label=_("Status"))

    class Meta:
        model = FaultReport
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # The default list is the open queue.
        if data is not None and not data.get("queue"):
            data = data.copy()
            data["queue"] = "open"
        super().__init__(data, *args, **kwargs)

    def filter_queue(
        self, qs: QuerySet[FaultReport], name: str, value: str
    ) -> QuerySet[FaultReport]:
        if value == "open":
            return qs.exclude(status=FaultReport.Status.RESTORED)
        return qs


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Inspection.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Inspection.Status.choices, label=_("Status"))
    customer = django_filters.CharFilter(
        field_name="customer__account_number", label=_("Customer account number")
    )

    class Meta:
        model = Inspection
        fields: list[str] = []
