"""Reads of the analysis reports with their row scope (R-3.8.3): a published report is
readable by every member of staff of its company (it is published company-wide); a draft
or reviewed one only by the supervision department, who prepare it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible
from gridcare.reports.models import AnalysisReport

PREPARE = "reports.add_analysisreport"
PUBLISH = "reports.publish_analysisreport"


def may_prepare(user: Any) -> bool:
    return bool(user.has_perm(PREPARE))


def report_list(*, user: Any) -> QuerySet[AnalysisReport]:
    qs = AnalysisReport.objects.select_related("company", "published_by", "generated_by")
    visible = company_ids_visible(user)
    if visible is not None:
        qs = qs.filter(company_id__in=visible)
    if not may_prepare(user):
        qs = qs.filter(state=AnalysisReport.State.PUBLISHED)
    return qs


def latest_published(*, company: Company) -> AnalysisReport | None:
    """The company's newest published report (index reports_report_latest)."""
    return (
        AnalysisReport.objects.filter(company=company, state=AnalysisReport.State.PUBLISHED)
        .order_by("-half_start")
        .first()
    )


def dashboard_report(company: Company) -> dict[str, Any] | None:
    """The leaders' dashboard's "latest published analysis report" (dashboard.registry)."""
    report = latest_published(company=company)
    if report is None:
        return None
    return {
        "title": report.title,
        "published_on": report.published_at,
        "url": report.get_absolute_url(),
    }
