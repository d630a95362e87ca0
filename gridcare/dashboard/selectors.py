"""Figures of the leaders' dashboard (R-1.1, ROLES.md "leadership"): each is one aggregate
over an indexed range or a rollup (DESIGN.md convention 8), never a loop over history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from gridcare.assessments.selectors import ScoreRow, item_list, scorecard
from gridcare.core import records
from gridcare.dashboard import registry
from gridcare.org.models import Company
from gridcare.rules.compliance import StandardRow, compliance_by_standard, target_rate
from gridcare.rules.models import Breach, Clock

TREND_MONTHS = 6
#: The chart draws the standards furthest below target, as many as stay readable in one
#: legend; the compliance table beside it lists every standard.
TREND_LINES = 5


def half_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def month_starts(today: date, months: int = TREND_MONTHS) -> list[date]:
    """The first days of the last `months` months, oldest first, this month included."""
    starts = []
    first = today.replace(day=1)
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return starts[::-1]


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def compliance_summary(*, company: Company, today: date) -> list[StandardRow]:
    """This half year's figures for every measured standard."""
    rows = compliance_by_standard(company=company, date_from=half_start(today), date_to=today)
    return [row for row in rows if row.measured]


def compliance_trend(
    *, company: Company, today: date, summary: list[StandardRow]
) -> dict[str, Any]:
    """Monthly rate (%) over the last six months of the standards furthest below their
    target this half year (`summary`, from compliance_summary), for the chart: {"months":
    ["2026-06", ...], "series": [{"name": "2.10 …", "data": [98.5, None, …], "target":
    95.0}], "more": 3}. A month with nothing decided is None (a gap in the line, not 0 %). Six range
    queries per source (one per month), whatever the volume."""
    shortfalls = sorted(
        (row.counts.rate - target_rate(row), n, row)
        for n, row in enumerate(summary)
        if row.counts.rate is not None and row.counts.rate < target_rate(row)
    )
    below = {row.code: row for _gap, _n, row in shortfalls[:TREND_LINES]}
    starts = month_starts(today)
    series: dict[str, dict[str, Any]] = {
        code: {
            "name": f"{row.clause.number} {row.title}",
            "data": [None] * len(starts),
            "target": round(target_rate(row) * 100, 1),
        }
        for code, row in below.items()
    }
    for n, first in enumerate(starts):
        end = min(_month_end(first), today)
        for row in compliance_by_standard(company=company, date_from=first, date_to=end):
            rate = row.counts.rate
            if row.code in series and rate is not None:
                series[row.code]["data"][n] = round(rate * 100, 1)
    return {
        "months": [f"{first:%Y-%m}" for first in starts],
        "series": list(series.values()),
        "more": len(shortfalls) - len(below),
    }


@dataclass
class ClockAlerts:
    at_risk: int
    overdue: int
    breaches: int
    nearest: list[Clock] = field(default_factory=list)
    at_risk_url: str = ""
    breached_url: str = ""


def clock_alerts(*, company: Company, today: date) -> ClockAlerts:
    """Running clocks past their reminder day (at risk) or past due, and this half year's
    active breaches; the nearest at-risk clocks, key accounts first (R-3.7.3)."""
    running = Clock.objects.filter(
        company=company, state=Clock.State.RUNNING, paused_since__isnull=True
    )
    at_risk = Q(remind_on__lte=today, due__gte=today)
    counts = running.aggregate(
        at_risk=Count("id", filter=at_risk), overdue=Count("id", filter=Q(due__lt=today))
    )
    breaches = Breach.objects.filter(
        company=company,
        status=Breach.Status.ACTIVE,
        occurred_on__gte=half_start(today),
        occurred_on__lte=today,
    ).count()
    nearest = list(
        running.filter(at_risk)
        .select_related("standard__clause", "responsible_department")
        .order_by("-is_key_account", "due", "pk")[:8]
    )
    # Each names its record ("YK2026-000123 王小明"), read for the eight at once.
    found = records.describe((c.subject_type_id, c.subject_id) for c in nearest)
    for clock in nearest:
        clock.record = found.get((clock.subject_type_id, clock.subject_id))  # type: ignore[attr-defined]
    clocks = reverse("rules:clock_list")
    half = half_start(today).isoformat()
    return ClockAlerts(
        at_risk=counts["at_risk"],
        overdue=counts["overdue"],
        breaches=breaches,
        nearest=nearest,
        at_risk_url=f"{clocks}?{urlencode({'state': 'running', 'date_from': today.isoformat()})}",
        breached_url=f"{clocks}?{urlencode({'state': 'breached', 'date_from': half})}",
    )


@dataclass
class Coverage:
    installed: bool
    owed: int = 0
    visited: int = 0
    url: str = ""

    @property
    def rate(self) -> float | None:
        return round(self.visited / self.owed * 100, 1) if self.owed else None


def keyaccount_coverage(*, user: Any, today: date) -> Coverage:
    """Key accounts visited this half year out of those that owe a visit (R-3.6.1), read
    from the key-account module's half-year rollup when that module is installed."""
    if not apps.is_installed("gridcare.keyaccounts"):
        return Coverage(installed=False)
    from gridcare.keyaccounts.selectors import half_year_list, half_year_summary

    summary = half_year_summary(half_year_list(user=user, half=today), today)
    try:
        url = reverse("keyaccounts:half_year_overview")
    except NoReverseMatch:  # the module's pages are not published (yet)
        url = ""
    return Coverage(
        installed=True,
        owed=sum(s.owed for s in summary),
        visited=sum(s.visited for s in summary),
        url=url,
    )


@dataclass
class FigureValue:
    label: str
    value: int | float | None
    url: str


def figure_values(*, group: str, company: Company, today: date) -> list[FigureValue]:
    date_from = half_start(today)
    return [
        FigureValue(
            label=str(figure.label),
            value=figure.value(company, date_from, today),
            url=figure.url(date_from, today) if figure.url else "",
        )
        for figure in registry.figures(group)
    ]


def latest_report(*, company: Company) -> dict[str, Any] | None:
    for source in registry.report_sources():
        report = source(company)
        if report:
            return report
    return None


def department_scores(*, user: Any, today: date, limit: int = 8) -> list[ScoreRow]:
    rows = scorecard(items=item_list(user=user), date_from=half_start(today), date_to=today)
    return rows[:limit]
