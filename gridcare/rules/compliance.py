"""Compliance figures: for each standard in force, how many records met, breached, were
exempted or are still running over a period (API.md "Compliance", the compliance matrix).

Figures come from sources: the clocks table is one; modules whose records are measured
without a clock (a call's rings, a hall transaction's minutes) register their own source.
A source answers with counts per standard code for a set of companies and a date range,
with one aggregate query over an indexed range (DESIGN.md convention 8). A source whose
records are not clocks registers a drill-down too, so that each figure opens its records.

Clauses that no standard measures still show live figures of what was done under them in
the period (R-1.1: every clause of the measures in the matrix): modules register
activities per clause number (`register_activity`), each answering a few labelled counts
with one aggregate query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode

from gridcare.org.models import Company
from gridcare.rules import catalogue
from gridcare.rules.models import Clause, Clock, ServiceStandard
from gridcare.rules.records import record_source, records_drilldown
from gridcare.rules.selectors import clauses_of, profile_in_force, standards_in_force


@dataclass
class Counts:
    met: int = 0
    breached: int = 0
    exempted: int = 0
    running: int = 0

    @property
    def total(self) -> int:
        return self.met + self.breached + self.exempted + self.running

    @property
    def rate(self) -> float | None:
        """met / (met + breached); None when nothing was decided."""
        decided = self.met + self.breached
        return round(self.met / decided, 4) if decided else None

    def add(self, other: Counts) -> None:
        self.met += other.met
        self.breached += other.breached
        self.exempted += other.exempted
        self.running += other.running


Source = Callable[[list[int], date, date, date], dict[str, Counts]]

_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Add a source of measured events (called from an AppConfig.ready())."""
    _SOURCES[name] = source


def clock_counts(
    company_ids: list[int], date_from: date, date_to: date, today: date
) -> dict[str, Counts]:
    """Counts of clocks whose stop date (or, still running, due date) lies in the range.

    A running clock already past its due date counts as breached even before the periodic
    sweep has marked it. A running clock has no stop, so its `period_date` is its due date
    (the model's definition): testing `period_date` instead of `due` keeps every column the
    query reads in the index rules_clock_period, which PostgreSQL then answers from alone
    (an index-only scan), and grouping on the standard's id rather than its code spares
    the join to the standards, whose codes are mapped here from the few ids found.
    """
    overdue = Q(state=Clock.State.RUNNING, period_date__lt=today)
    rows = list(
        Clock.objects.filter(
            company_id__in=company_ids, period_date__gte=date_from, period_date__lte=date_to
        )
        .values("standard_id")
        .annotate(
            met=Count("state", filter=Q(state=Clock.State.MET)),
            breached=Count("state", filter=Q(state=Clock.State.BREACHED) | overdue),
            exempted=Count("state", filter=Q(state=Clock.State.EXEMPTED)),
            running=Count("state", filter=Q(state=Clock.State.RUNNING) & ~overdue),
        )
        .order_by()
    )
    codes = dict(
        ServiceStandard.objects.filter(pk__in=[row["standard_id"] for row in rows]).values_list(
            "pk", "code"
        )
    )
    result: dict[str, Counts] = {}
    for row in rows:
        counts = Counts(row["met"], row["breached"], row["exempted"], row["running"])
        result.setdefault(codes[row["standard_id"]], Counts()).add(counts)
    return result


register_source("clocks", clock_counts)

#: The states a figure of the matrix links to; "" is every record of the standard.
STATES = ("met", "breached", "exempted", "running")

#: drilldown(code, state, date_from, date_to) -> the address of the records behind a figure.
Drilldown = Callable[[str, str, date, date], str]

_DRILLDOWNS: dict[str, Drilldown] = {}


def register_drilldown(codes: Iterable[str], drilldown: Drilldown) -> None:
    """Records of these standard codes are listed by `drilldown`, not the clocks list."""
    for code in codes:
        _DRILLDOWNS[code] = drilldown


def clock_drilldown(code: str, state: str, date_from: date, date_to: date) -> str:
    params = {"code": code, "state": state, "date_from": str(date_from), "date_to": str(date_to)}
    return f"{reverse('rules:clock_list')}?{urlencode({k: v for k, v in params.items() if v})}"


def drilldown_links(code: str, date_from: date, date_to: date) -> dict[str, str]:
    """{"all": url, "met": url, ...}: where each figure of a standard's row leads: a
    module's own list, else the records it registered (rules.records), else the clocks."""
    drilldown = _DRILLDOWNS.get(code) or (
        records_drilldown if record_source(code) else clock_drilldown
    )
    links = {state: drilldown(code, state, date_from, date_to) for state in STATES}
    links["all"] = drilldown(code, "", date_from, date_to)
    return links


@dataclass(frozen=True)
class Figure:
    """A live count under a clause: `value` things done in the period, out of `total`
    when the figure is a share; `url` lists them."""

    label: str | Promise
    value: int
    url: str = ""
    total: int | None = None


#: activity(company_ids, date_from, date_to) -> the clause's figures for the period.
Activity = Callable[[list[int], date, date], list[Figure]]

_ACTIVITIES: dict[str, dict[str, Activity]] = {}


def register_activity(clause_number: str, activity: Activity, *, name: str = "") -> None:
    """Show `activity`'s figures in the row of clause `clause_number` (called from an
    AppConfig.ready(); `name`, by default the function's, keeps a second call harmless)."""
    _ACTIVITIES.setdefault(clause_number, {})[name or activity.__qualname__] = activity


def activity_clauses() -> set[str]:
    """The clause numbers that have registered activities."""
    return {number for number, activities in _ACTIVITIES.items() if activities}


def clause_figures(
    clause_number: str, *, company_ids: list[int], date_from: date, date_to: date
) -> list[Figure]:
    figures: list[Figure] = []
    for activity in _ACTIVITIES.get(clause_number, {}).values():
        figures.extend(activity(company_ids, date_from, date_to))
    return figures


@dataclass
class StandardRow:
    code: str
    clause: Clause
    title: str
    module: str
    measured: bool
    counts: Counts = field(default_factory=Counts)
    limits: list[ServiceStandard] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)


#: The rate a measured standard should reach, unless the standard's parameters say
#: otherwise ({"target_rate": 0.98}): the catalogue's default (R-DEF; the measures set
#: limits, not rates).
DEFAULT_TARGET_RATE = catalogue.TARGET_RATE.default


def target_rate(row: StandardRow) -> float:
    targets = [float(catalogue.parameter(s, "target_rate")) for s in row.limits]
    return max(targets, default=DEFAULT_TARGET_RATE)


def _module_installed(module: str) -> bool:
    return bool(module) and apps.is_installed(f"gridcare.{module}")


def _group_by_code(standards: Iterable[ServiceStandard]) -> dict[str, StandardRow]:
    grouped: dict[str, StandardRow] = {}
    for standard in sorted(standards, key=lambda s: (s.clause.sort_key, s.code, s.variant)):
        row = grouped.get(standard.code)
        if row is None:
            row = grouped[standard.code] = StandardRow(
                code=standard.code,
                clause=standard.clause,
                title=standard.localised_title,
                module=standard.module,
                measured=_module_installed(standard.module),
            )
        elif row.limits:
            # Several variants of one code (by voltage, say): the clause names them all.
            row.title = standard.clause.localised_title
        row.limits.append(standard)
    return grouped


def compliance_by_standard(
    *, company: Company, date_from: date, date_to: date, today: date | None = None
) -> list[StandardRow]:
    """Every standard code in force for `company` on `date_to`, with its counts (zeros
    where nothing was measured), ordered by clause."""
    today = today or timezone.localdate()
    profile = profile_in_force(company=company, on=date_to)
    if profile is None:
        return []
    rows = _group_by_code(standards_in_force(profile=profile, on=date_to))
    for source in _SOURCES.values():
        for code, counts in source([company.pk], date_from, date_to, today).items():
            if code in rows:
                rows[code].counts.add(counts)
                # Records measured are figures to show, whichever module made them.
                rows[code].measured = rows[code].measured or counts.total > 0
    for row in rows.values():
        row.links = drilldown_links(row.code, date_from, date_to)
    return list(rows.values())


@dataclass
class ClauseRow:
    clause: Clause
    standards: list[StandardRow]
    figures: list[Figure] = field(default_factory=list)

    @property
    def measurable(self) -> bool:
        return bool(self.standards)

    @property
    def span(self) -> int:
        """Table rows the clause takes: one per standard, one more for its figures."""
        return max(len(self.standards) + (1 if self.figures else 0), 1)

    @property
    def counts(self) -> Counts:
        total = Counts()
        for row in self.standards:
            total.add(row.counts)
        return total


def compliance_matrix(
    *, company: Company, date_from: date, date_to: date, today: date | None = None
) -> list[ClauseRow]:
    """Every clause of the company's measures, each with the standards that enforce it and
    the live figures of the activities registered for it."""
    profile = profile_in_force(company=company, on=date_to)
    if profile is None:
        return []
    by_clause: dict[int, list[StandardRow]] = {}
    for row in compliance_by_standard(
        company=company, date_from=date_from, date_to=date_to, today=today
    ):
        by_clause.setdefault(row.clause.pk, []).append(row)
    return [
        ClauseRow(
            clause,
            by_clause.get(clause.pk, []),
            clause_figures(
                clause.number, company_ids=[company.pk], date_from=date_from, date_to=date_to
            ),
        )
        for clause in clauses_of(profile=profile)
    ]
