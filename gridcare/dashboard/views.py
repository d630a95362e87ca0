"""The leaders' dashboard (ROLES.md: leadership, marketing, supervision): "how are we doing
against every clause" at a glance, each figure linking to the records behind it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gridcare.assessments.selectors import scorecard_total
from gridcare.dashboard.selectors import (
    clock_alerts,
    compliance_summary,
    compliance_trend,
    department_scores,
    figure_values,
    half_start,
    keyaccount_coverage,
    latest_report,
)
from gridcare.org.selectors import company_for


@permission_required("assessments.view_dashboard", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    company = company_for(request.user)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "company": company,
        "today": today,
        "half_from": half_start(today),
        "period": {"date_from": half_start(today), "date_to": today},
    }
    if company is not None:
        scores = department_scores(user=request.user, today=today)
        summary = compliance_summary(company=company, today=today)
        context.update(
            compliance=summary,
            trend=compliance_trend(company=company, today=today, summary=summary),
            alerts=clock_alerts(company=company, today=today),
            coverage=keyaccount_coverage(user=request.user, today=today),
            complaints=figure_values(group="complaints", company=company, today=today),
            coverage_figures=figure_values(group="coverage", company=company, today=today),
            followups=figure_values(group="followups", company=company, today=today),
            report=latest_report(company=company),
            scores=scores,
            scores_total=scorecard_total(scores),
        )
    return render(request, "dashboard/dashboard.html", context)


def summary_panel(request: HttpRequest) -> dict[str, Any]:
    """Home panel: the few numbers that say whether to open the dashboard."""
    company = company_for(request.user)
    if company is None:
        return {"alerts": None}
    today = timezone.localdate()
    return {
        "alerts": clock_alerts(company=company, today=today),
        "report": latest_report(company=company),
    }
