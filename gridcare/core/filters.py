from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.core.models import AuditEvent
from gridcare.core.query import DateFilter
from gridcare.core.selectors import day_start


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="iexact", label=_("Actor (username)")
    )
    action = django_filters.CharFilter(
        field_name="action", lookup_expr="startswith", label=_("Action starts with")
    )
    object = django_filters.CharFilter(
        field_name="object_repr", lookup_expr="icontains", label=_("Object contains")
    )
    # Dates become ranges of local days so that the index on `at` serves them.
    date_from = DateFilter(method="filter_from", label=_("From"))
    date_to = DateFilter(method="filter_to", label=_("To"))

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def filter_from(
        self, queryset: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        return queryset.filter(at__gte=day_start(value))

    def filter_to(
        self, queryset: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        return queryset.filter(at__lt=day_start(value + timedelta(days=1)))
