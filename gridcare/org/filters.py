from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gridcare.org.models import Department, Staff


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, number or username"))
    department__kind = django_filters.ChoiceFilter(
        choices=Department.Kind.choices, label=_("Department kind")
    )

    class Meta:
        model = Staff
        fields: list[str] = []

    def search(self, queryset: QuerySet[Staff], name: str, value: str) -> QuerySet[Staff]:
        return queryset.filter(
            Q(name__icontains=value)
            | Q(employee_number__iexact=value)
            | Q(user__username__iexact=value)
        )
