from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.core.query import DateFilter, YesNoFilter
from gridcare.rules.models import Clock


class ClockFilter(django_filters.FilterSet):
    """One FilterSet for the clock list page and its drill-down links."""

    code = django_filters.ChoiceFilter(field_name="standard__code", label=_("Standard"))
    state = django_filters.ChoiceFilter(
        choices=Clock.State.choices, method="filter_state", label=_("State")
    )
    date_from = DateFilter(field_name="period_date", lookup_expr="gte", label=_("From"))
    date_to = DateFilter(field_name="period_date", lookup_expr="lte", label=_("To"))
    key_account = YesNoFilter(field_name="is_key_account", label=_("Key account"))

    class Meta:
        model = Clock
        fields: list[str] = []

    def __init__(self, *args: Any, standards: list[tuple[str, str]], **kwargs: Any) -> None:
        """`standards`: the (code, "clause title") choices, from clock_standard_choices."""
        super().__init__(*args, **kwargs)
        self.filters["code"].extra["choices"] = standards

    def filter_state(self, queryset: QuerySet[Clock], name: str, value: str) -> QuerySet[Clock]:
        """The effective state, as the compliance figures count it."""
        today = timezone.localdate()
        overdue = Q(state=Clock.State.RUNNING, due__lt=today, paused_since__isnull=True)
        if value == Clock.State.BREACHED:
            return queryset.filter(Q(state=Clock.State.BREACHED) | overdue)
        if value == Clock.State.RUNNING:
            return queryset.filter(state=Clock.State.RUNNING).exclude(overdue)
        return queryset.filter(state=value)
