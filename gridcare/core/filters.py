from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.core.models import AuditEvent
from gridcare.core.query import DateFilter
from gridcare.core.selectors import day_start
from gridcare.org.models import Staff


class AuditEventFilter(django_filters.FilterSet):
    # The list shows who acted by staff name: either the name or the username finds them.
    actor = django_filters.CharFilter(
        method="filter_actor", label=_("Staff member (name or username)")
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

    def filter_actor(
        self, queryset: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        users = Staff.objects.filter(name=value.strip()).values("user_id")
        return queryset.filter(Q(actor_label__iexact=value.strip()) | Q(actor_id__in=users))

    def filter_from(
        self, queryset: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        return queryset.filter(at__gte=day_start(value))

    def filter_to(
        self, queryset: QuerySet[AuditEvent], name: str, value: date
    ) -> QuerySet[AuditEvent]:
        return queryset.filter(at__lt=day_start(value + timedelta(days=1)))
