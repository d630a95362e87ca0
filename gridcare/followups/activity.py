"""Live figures of R-3.8.1 in the compliance matrix: the follow-up calls the supervision
department made in the period, one aggregate over the index followups_call_called
(rules.compliance.register_activity)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.followups.models import FollowupCall
from gridcare.rules.compliance import Figure


def calls_made(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.8.1: follow-up calls that reached the customer in the period (`called_at` is
    the time of that call; unreachable attempts have none), and those that found the
    customer dissatisfied (each reopens the matter with its owner)."""
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
    row = FollowupCall.objects.filter(
        company_id__in=company_ids, called_at__gte=start, called_at__lt=end
    ).aggregate(
        reached=Count("pk"),
        dissatisfied=Count("pk", filter=Q(result=FollowupCall.Result.DISSATISFIED)),
    )
    url = reverse("followups:call_history")
    return [
        Figure(_("Follow-up calls that reached the customer"), row["reached"], url),
        Figure(_("Customer dissatisfied"), row["dissatisfied"], url, row["reached"]),
    ]
