"""FilterSets shared by the UI lists and the API (DESIGN.md: one FilterSet per list)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.core.query import DateFilter, IdFilter, YesNoFilter
from gridcare.frontoffice.models import CallRecord, Charge, HallInspection, Matter, Ticket
from gridcare.org.selectors import staff_of


class CallFilter(django_filters.FilterSet):
    date_from = DateFilter(field_name="call_date", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="call_date", lookup_expr="lte", label=_("To"))
    outcome = django_filters.ChoiceFilter(choices=CallRecord.Outcome.choices, label=_("Outcome"))
    caller = django_filters.CharFilter(
        field_name="caller", lookup_expr="startswith", label=_("Caller")
    )
    agent = IdFilter(field_name="agent_id", label=_("Agent"))

    class Meta:
        model = CallRecord
        fields: list[str] = []


class MatterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Customer, phone or subject"))
    status = django_filters.ChoiceFilter(choices=Matter.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Matter.Kind.choices, label=_("Kind"))
    mine = YesNoFilter(method="only_mine", label=_("Mine only"))
    open = YesNoFilter(method="only_open", label=_("Not closed"))

    class Meta:
        model = Matter
        fields: list[str] = []

    def search(self, queryset: QuerySet[Matter], name: str, value: str) -> QuerySet[Matter]:
        return queryset.filter(
            Q(customer_name__icontains=value)
            | Q(customer_phone__startswith=value)
            | Q(customer_account=value)
            | Q(subject__icontains=value)
        )

    def only_mine(self, queryset: QuerySet[Matter], name: str, value: Any) -> QuerySet[Matter]:
        staff = staff_of(self.request.user) if self.request else None
        if not value:
            return queryset
        return queryset.filter(owner=staff) if staff else queryset.none()

    def only_open(self, queryset: QuerySet[Matter], name: str, value: Any) -> QuerySet[Matter]:
        return queryset.exclude(status=Matter.Status.CLOSED) if value else queryset


class ChargeFilter(django_filters.FilterSet):
    date_from = DateFilter(field_name="charged_on", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="charged_on", lookup_expr="lte", label=_("To"))
    receipt = django_filters.CharFilter(field_name="receipt_number", label=_("Receipt number"))

    class Meta:
        model = Charge
        fields: list[str] = []


def _halls(request: Any) -> Any:
    from gridcare.frontoffice.selectors import hall_list

    return hall_list(user=request.user) if request else HallInspection.objects.none()


class TicketFilter(django_filters.FilterSet):
    day = DateFilter(field_name="service_date", label=_("Date"))
    hall = django_filters.ModelChoiceFilter(queryset=_halls, label=_("Hall"))
    status = django_filters.ChoiceFilter(choices=Ticket.Status.choices, label=_("Status"))

    class Meta:
        model = Ticket
        fields: list[str] = []


class InspectionFilter(django_filters.FilterSet):
    date_from = DateFilter(field_name="inspected_at__date", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="inspected_at__date", lookup_expr="lte", label=_("To"))

    hall = django_filters.ModelChoiceFilter(queryset=_halls, label=_("Hall"))

    class Meta:
        model = HallInspection
        fields: list[str] = []
