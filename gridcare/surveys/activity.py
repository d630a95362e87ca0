"""Live figures of the supervision clauses in the compliance matrix (R-3.8.1, R-3.8.3):
key-account surveys answered in the period, and the half-year analysis reports published
in it. One aggregate query each (rules.compliance.register_activity)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridcare.core.selectors import days_range
from gridcare.reports.models import AnalysisReport
from gridcare.rules.compliance import Figure
from gridcare.surveys.models import SurveyResponse


def surveys_answered(company_ids: list[int], date_from: date, date_to: date) -> list[Figure]:
    """R-3.8.1: questionnaires the key accounts answered in the period, and how many
    accounts answered."""
    start, end = days_range(date_from, date_to)
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
    start, end = days_range(date_from, date_to)
    row = AnalysisReport.objects.filter(
        company_id__in=company_ids,
        state=AnalysisReport.State.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    ).aggregate(published=Count("pk"))
    return [Figure(_("Analysis reports published"), row["published"], reverse("reports:list"))]
