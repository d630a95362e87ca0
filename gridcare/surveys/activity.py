"""Live figures of the supervision clauses in the compliance matrix (R-3.8.1, R-3.8.3):
key-account surveys answered in the period, and the half-year analysis reports published
in it. One aggregate query each (rules.compliance.register_activity)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.reports.models import AnalysisReport
from gridcare.rules.compliance import Figure
from gridcare.surveys.models import SurveyResponse


def _range(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date_from, time.min))
    return start, timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))


def surveys_answered(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.8.1: questionnaires the key accounts answered in the period, and how many
    accounts answered."""
    start, end = _range(date_from, date_to)
    row = SurveyResponse.objects.filter(
        company_id__in=company_ids, received_at__gte=start, received_at__lt=end
    ).aggregate(answered=Count("pk"), accounts=Count("customer_id", distinct=True))
    url = reverse("surveys:round_list")
    return [
        Figure(_("Survey questionnaires answered"), row["answered"], url),
        Figure(_("Key accounts that answered"), row["accounts"], url),
    ]


def reports_published(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.8.3: half-year analysis reports of the survey and follow-up results published
    company-wide in the period (read from the reports module, never written here)."""
    start, end = _range(date_from, date_to)
    row = AnalysisReport.objects.filter(
        company_id__in=company_ids,
        state=AnalysisReport.State.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    ).aggregate(published=Count("pk"))
    return [Figure(_("Analysis reports published"), row["published"], reverse("reports:list"))]
