"""The filters of the follow-up queue (R-3.8.2)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.followups.models import FollowupCall


class QueueFilter(django_filters.FilterSet):
    """The calls still to make: by kind and by how near their due date is."""

    DUE_CHOICES = (
        ("overdue", _("overdue")),
        ("today", _("due today")),
        ("later", _("due later")),
    )

    kind = django_filters.ChoiceFilter(choices=FollowupCall.Kind.choices, label=_("Kind"))
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="by_due", label=_("Call by"))

    class Meta:
        model = FollowupCall
        fields: list[str] = []

    def by_due(
        self, queryset: QuerySet[FollowupCall], name: str, value: Any
    ) -> QuerySet[FollowupCall]:
        today = timezone.localdate()
        lookup = {"overdue": "due__lt", "today": "due", "later": "due__gt"}[value]
        return queryset.filter(**{lookup: today})


class HistoryFilter(django_filters.FilterSet):
    """The calls made: reached or unreachable, by kind and by answer."""

    state = django_filters.ChoiceFilter(
        choices=[c for c in FollowupCall.State.choices if c[0] != FollowupCall.State.QUEUED],
        label=_("State"),
    )
    kind = django_filters.ChoiceFilter(choices=FollowupCall.Kind.choices, label=_("Kind"))
    result = django_filters.ChoiceFilter(choices=FollowupCall.Result.choices, label=_("Result"))

    class Meta:
        model = FollowupCall
        fields: list[str] = []
