"""One FilterSet for the ledger page, the scorecard drill-down and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.org.models import Department
from gridcare.org.selectors import department_list


def _departments(request: Any) -> Any:
    if request is None:
        return Department.objects.none()
    return department_list(user=request.user).order_by("name")


class ItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AssessmentItem.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind of item"))
    department = django_filters.ModelChoiceFilter(queryset=_departments, label=_("Department"))
    date_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("From")
    )
    date_to = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label=_("To"))

    class Meta:
        model = AssessmentItem
        fields: list[str] = []
