"""The report's own sections (R-3.8.3): compliance of every measurable clause, complaints,
breaches and the assessment ledger, and what needs attention. Each reads aggregate
queries over indexed ranges (DESIGN.md convention 8): the compliance matrix's sources,
frontoffice_matter_received, rules_breach_period and assessments_item_period.

Labels are translated when the report is generated (the services generate it in the
deployment's language), because the result is stored as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.selectors import scorecard
from gridcare.core.selectors import day_start
from gridcare.frontoffice.models import Complaint
from gridcare.org.models import Company, Department
from gridcare.reports.periods import month_ranges
from gridcare.reports.sections import Chart, Figure, Period, Section, SectionResult, Table
from gridcare.rules import catalogue
from gridcare.rules.compliance import StandardRow, compliance_by_standard
from gridcare.rules.models import Breach

#: The rate a measured standard should reach, unless the standard's parameters say
#: otherwise ({"target_rate": 0.98}): the catalogue's default (R-DEF).
DEFAULT_TARGET_RATE = catalogue.TARGET_RATE.default

#: The code of the section that gathers every other section's attention lines.
ATTENTION = "attention"


def _percent(rate: float | None) -> float | None:
    return round(rate * 100, 1) if rate is not None else None


def target_rate(row: StandardRow) -> float:
    targets = [float(catalogue.parameter(s, "target_rate")) for s in row.limits]
    return max(targets, default=DEFAULT_TARGET_RATE)


def _measured(company: Company, date_from: date, date_to: date) -> list[StandardRow]:
    today = timezone.localdate()
    rows = compliance_by_standard(
        company=company, date_from=date_from, date_to=date_to, today=today
    )
    return [row for row in rows if row.measured]


def _label(row: StandardRow) -> str:
    return f"{row.clause.number} {row.title}"


def _overall(rows: Iterable[StandardRow]) -> float | None:
    met = decided = 0
    for row in rows:
        met += row.counts.met
        decided += row.counts.met + row.counts.breached
    return round(met / decided * 100, 1) if decided else None


def compliance(company: Company, period: Period, previous: Period) -> SectionResult:
    """The rate of every measured clause in the half year, the previous half and each
    month (the compliance matrix's own figures, R-1.1)."""
    rows = _measured(company, period.start, period.end)
    below = _below_target(rows)
    before = {row.code: row for row in _measured(company, previous.start, previous.end)}
    months = month_ranges(period)
    monthly = [
        {row.code: _percent(row.counts.rate) for row in _measured(company, first, last)}
        for first, last in months
    ]
    table_rows: list[list[Any]] = []
    attention: list[str] = []
    for row in rows:
        rate = _percent(row.counts.rate)
        prior = before.get(row.code)
        prior_rate = _percent(prior.counts.rate) if prior else None
        change = (
            round(rate - prior_rate, 1) if rate is not None and prior_rate is not None else None
        )
        table_rows.append(
            [
                row.clause.number,
                row.title,
                row.counts.met,
                row.counts.breached,
                row.counts.exempted,
                rate,
                prior_rate,
                change,
            ]
        )
        if change is not None and change <= -5:
            attention.append(
                _("%(standard)s: the rate fell from %(before)s%% to %(now)s%%.")
                % {"standard": _label(row), "before": prior_rate, "now": rate}
            )
    series = [
        (_label(row), [month.get(row.code) for month in monthly])
        for row in rows
        if any(month.get(row.code) is not None for month in monthly)
    ]
    return SectionResult(
        figures=[
            Figure(
                _("Rate met, all measured clauses"), _overall(rows), _overall(before.values()), "%"
            ),
            Figure(_("Measured standards"), len(rows), len(before)),
            # The count of the table below it, so that the number and the list agree.
            Figure(_("Standards below target"), len(below)),
        ],
        tables=[
            Table(
                _("Compliance by standard"),
                [
                    _("Clause"),
                    _("Standard"),
                    _("Met"),
                    _("Breached"),
                    _("Exempted"),
                    _("Rate met (%)"),
                    _("Previous period (%)"),
                    _("Change (points)"),
                ],
                table_rows,
            ),
            _below_target_table(below),
        ],
        charts=[
            Chart(
                _("Monthly rate met (%)"),
                "line",
                [f"{first:%Y-%m}" for first, _last in months],
                series,
            )
        ],
        attention=attention,
    )


def _complaint_counts(
    company: Company, period: Period
) -> tuple[dict[str, dict[str, int]], dict[int | None, int]]:
    """Complaints received in the half year by category (with how many were substantiated)
    and by the department concerned: the staff member's named in a conduct complaint,
    else the owner's (first-contact responsibility, R-2.5). Two grouped range queries."""
    complaints = Complaint.objects.filter(
        matter__company=company,
        matter__received_at__gte=day_start(period.start),
        matter__received_at__lt=day_start(period.end + timedelta(days=1)),
    )
    by_category = {
        row["category"]: {"n": row["n"], "substantiated": row["substantiated"]}
        for row in complaints.values("category")
        .annotate(
            n=Count("pk"),
            substantiated=Count("pk", filter=Q(finding=Complaint.Finding.SUBSTANTIATED)),
        )
        .order_by()
    }
    by_department = {
        row["department"]: row["n"]
        for row in complaints.annotate(
            department=Coalesce("staff_concerned__department_id", "matter__owner__department_id")
        )
        .values("department")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return by_category, by_department


def _department_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    names: dict[int | None, str] = dict(
        Department.objects.filter(pk__in=[i for i in ids if i is not None]).values_list(
            "pk", "name"
        )
    )
    names[None] = _("(no department)")
    return names


def _by_department_rows(
    now: dict[int | None, Any], before: dict[int | None, Any]
) -> list[list[Any]]:
    names = _department_names({*now, *before})
    keys = sorted({*now, *before}, key=lambda k: (-(now.get(k) or 0), names[k]))
    return [[names[k], now.get(k, 0), before.get(k, 0)] for k in keys]


def complaints(company: Company, period: Period, previous: Period) -> SectionResult:
    """Complaints by category and by department, against the previous half (R-3.8.2,
    R-3.8.3)."""
    categories, departments = _complaint_counts(company, period)
    categories_before, departments_before = _complaint_counts(company, previous)

    def total(counts: dict[str, dict[str, int]], key: str = "n") -> int:
        return sum(c[key] for c in counts.values())

    category_rows: list[list[Any]] = [
        [
            str(label),
            categories.get(value, {}).get("n", 0),
            categories.get(value, {}).get("substantiated", 0),
            categories_before.get(value, {}).get("n", 0),
        ]
        for value, label in Complaint.Category.choices
    ]
    department_rows = _by_department_rows(departments, departments_before)
    attention = [
        _("%(department)s: %(now)s complaints, %(before)s in the previous half.")
        % {"department": name, "now": now, "before": before}
        for name, now, before in department_rows
        if now > before
    ]
    return SectionResult(
        figures=[
            Figure(_("Complaints received"), total(categories), total(categories_before)),
            Figure(
                _("Complaints substantiated"),
                total(categories, "substantiated"),
                total(categories_before, "substantiated"),
            ),
        ],
        tables=[
            Table(
                _("Complaints by category"),
                [_("Category"), _("This half"), _("Substantiated"), _("Previous half")],
                category_rows,
            ),
            Table(
                _("Complaints by department"),
                [_("Department"), _("This half"), _("Previous half")],
                department_rows,
            ),
        ],
        charts=[
            Chart(
                _("Complaints by category"),
                "bar",
                [row[0] for row in category_rows],
                [
                    (_("This half"), [row[1] for row in category_rows]),
                    (_("Previous half"), [row[3] for row in category_rows]),
                ],
            )
        ],
        attention=attention,
    )


def _breach_counts(company: Company, period: Period) -> dict[int | None, int]:
    """Active breaches that occurred in the half year, by department (rules_breach_period)."""
    return {
        row["department_id"]: row["n"]
        for row in Breach.objects.filter(
            company=company,
            status=Breach.Status.ACTIVE,
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        )
        .values("department_id")
        .annotate(n=Count("pk"))
        .order_by()
    }


def _ledger_points(company: Company, period: Period) -> dict[int | None, Decimal]:
    rows = scorecard(
        items=AssessmentItem.objects.filter(company=company),
        date_from=period.start,
        date_to=period.end,
    )
    return {row.department_id: row.points for row in rows}


def breaches(company: Company, period: Period, previous: Period) -> SectionResult:
    """Breaches by department (R-3.9.1) and the assessment ledger's decided points by
    department (R-4.2), against the previous half."""
    now, before = _breach_counts(company, period), _breach_counts(company, previous)
    breach_rows = _by_department_rows(now, before)
    points = _ledger_points(company, period)
    points_before = _ledger_points(company, previous)
    point_rows = [
        [name, float(this), float(prior)]
        for name, this, prior in _by_department_rows(points, points_before)
    ]
    attention = [
        _("%(department)s: %(now)s breaches, %(before)s in the previous half.")
        % {"department": name, "now": this, "before": prior}
        for name, this, prior in breach_rows
        if this > prior
    ]
    return SectionResult(
        figures=[
            Figure(_("Breaches"), sum(now.values()), sum(before.values())),
            Figure(
                _("Assessment points decided"),
                float(sum(points.values(), Decimal(0))),
                float(sum(points_before.values(), Decimal(0))),
            ),
        ],
        tables=[
            Table(
                _("Breaches by department"),
                [_("Department"), _("This half"), _("Previous half")],
                breach_rows,
            ),
            Table(
                _("Assessment points by department"),
                [_("Department"), _("This half"), _("Previous half")],
                point_rows,
            ),
        ],
        charts=[
            Chart(
                _("Breaches by department"),
                "bar",
                [row[0] for row in breach_rows],
                [
                    (_("This half"), [row[1] for row in breach_rows]),
                    (_("Previous half"), [row[2] for row in breach_rows]),
                ],
            )
        ],
        attention=attention,
    )


def _below_target(rows: Iterable[StandardRow]) -> list[StandardRow]:
    """The measured standards below their target rate, the furthest below first: one
    list for the compliance section's count and table and the needs-attention section."""
    return sorted(
        (row for row in rows if row.counts.rate is not None and row.counts.rate < target_rate(row)),
        key=lambda row: (row.counts.rate or 0) - target_rate(row),
    )


def _below_target_table(rows: list[StandardRow]) -> Table:
    return Table(
        _("Clauses below target"),
        [_("Clause"), _("Standard"), _("Rate met (%)"), _("Target (%)")],
        [
            [row.clause.number, row.title, _percent(row.counts.rate), _percent(target_rate(row))]
            for row in rows
        ],
    )


def attention(company: Company, period: Period, previous: Period) -> SectionResult:
    """The clauses below their target rate, the furthest below first; the generator adds
    every other section's attention lines to this section (services.build_content)."""
    below = _below_target(_measured(company, period.start, period.end))
    return SectionResult(tables=[_below_target_table(below)])


SECTIONS = (
    Section("compliance", gettext_lazy("Compliance with the measures"), compliance, order=10),
    Section("complaints", gettext_lazy("Complaints"), complaints, order=40),
    Section("breaches", gettext_lazy("Breaches and assessment"), breaches, order=50),
    Section(ATTENTION, gettext_lazy("Needs attention"), attention, order=1000),
)
