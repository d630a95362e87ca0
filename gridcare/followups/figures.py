"""Follow-up figures for the half-year report and the leaders' dashboard (R-3.8.2,
R-3.8.3). Each figure is an aggregate over the indexed ranges (company, queued_at) and
(company, called_at) of FollowupCall; nothing loops over history in Python."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gridcare.core.selectors import days_range
from gridcare.followups.models import FollowupCall
from gridcare.org.models import Company
from gridcare.reports.sections import Chart, Figure, Period, SectionResult, Table

#: Below this satisfaction rate a department needs attention in the report.
ATTENTION_RATE = 90.0

SATISFIED = Q(result=FollowupCall.Result.SATISFIED)
REACHED = Q(state=FollowupCall.State.DONE)
REOPENED = Q(result=FollowupCall.Result.DISSATISFIED, followup_matter__isnull=False)


def _called(company: Company, start: date, end: date) -> QuerySet[FollowupCall]:
    low, high = days_range(start, end)
    return FollowupCall.objects.filter(company=company, called_at__gte=low, called_at__lt=high)


def _rate(satisfied: int, reached: int) -> float | None:
    return round(100 * satisfied / reached, 1) if reached else None


def satisfaction_rate(company: Company, date_from: date, date_to: date) -> float | None:
    """Dashboard figure: satisfied answers as a share of calls reached (one query)."""
    row = _called(company, date_from, date_to).aggregate(
        reached=Count("pk", filter=REACHED), satisfied=Count("pk", filter=SATISFIED)
    )
    return _rate(row["satisfied"], row["reached"])


def _headline(company: Company, period: Period) -> dict[str, Any]:
    low, high = days_range(period.start, period.end)
    queued = FollowupCall.objects.filter(
        company=company, queued_at__gte=low, queued_at__lt=high
    ).count()
    row = _called(company, period.start, period.end).aggregate(
        reached=Count("pk", filter=REACHED),
        satisfied=Count("pk", filter=SATISFIED),
        reopened=Count("pk", filter=REOPENED),
    )
    return {**row, "queued": queued, "rate": _rate(row["satisfied"], row["reached"])}


def report_section(company: Company, period: Period, previous: Period) -> SectionResult:
    """The follow-up part of the half-year analysis report (R-3.8.3): calls queued and
    reached, the satisfaction rate and the records returned to their owners, each beside
    the previous half year; then by kind of record and by department."""
    now, before = _headline(company, period), _headline(company, previous)
    figures = [
        Figure(_("Follow-up calls queued"), now["queued"], before["queued"]),
        Figure(_("Customers reached"), now["reached"], before["reached"]),
        Figure(_("Satisfaction rate"), now["rate"], before["rate"], unit="%"),
        Figure(_("Returned to the owner"), now["reopened"], before["reopened"]),
    ]
    by_kind = {
        row["kind"]: row
        for row in _called(company, period.start, period.end)
        .values("kind")
        .annotate(reached=Count("pk", filter=REACHED), satisfied=Count("pk", filter=SATISFIED))
    }
    kind_rows = []
    for kind, label in FollowupCall.Kind.choices:
        row = by_kind.get(kind, {"reached": 0, "satisfied": 0})
        kind_rows.append(
            [str(label), row["reached"], row["satisfied"], _rate(row["satisfied"], row["reached"])]
        )
    departments: list[tuple[str, int, int, float | None]] = [
        (
            row["department__name"] or _("no department"),
            row["reached"],
            row["satisfied"],
            _rate(row["satisfied"], row["reached"]),
        )
        for row in _called(company, period.start, period.end)
        .values("department__name")
        .annotate(reached=Count("pk", filter=REACHED), satisfied=Count("pk", filter=SATISFIED))
        .order_by("department__name")
    ]
    columns = [_("Reached"), _("Satisfied"), _("Satisfaction rate (%)")]
    attention = [
        _("%(department)s: %(rate)s%% of the customers called back were satisfied (%(n)s calls).")
        % {"department": name, "rate": rate, "n": reached}
        for name, reached, _satisfied, rate in departments
        if rate is not None and rate < ATTENTION_RATE
    ]
    return SectionResult(
        figures=figures,
        tables=[
            Table(_("Follow-up calls by kind of record"), [_("Kind"), *columns], kind_rows),
            Table(
                _("Follow-up calls by department"),
                [_("Department"), *columns],
                [list(row) for row in departments],
            ),
        ],
        charts=[
            Chart(
                _("Satisfaction rate by department (%)"),
                "bar",
                [row[0] for row in departments],
                [(_("Satisfaction rate"), [row[3] for row in departments])],
            )
        ],
        attention=attention,
    )
