"""Reads of the measures: which profile and standard are in force, and scoped clock lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from gridcare.org.models import Company
from gridcare.org.selectors import company_ids_visible
from gridcare.rules.deadlines import DAYS, DEADLINE_UNITS, WORKING_DAYS
from gridcare.rules.models import (
    Clause,
    Clock,
    ProfileAssignment,
    RuleProfile,
    ServiceStandard,
    SweepRun,
)
from gridcare.workdays.selectors import calendar_snapshot


def profile_in_force(*, company: Company | int, on: date) -> RuleProfile | None:
    """The rule profile `company` follows on `on`: its latest assignment on or before that
    day, else the default profile (a new company follows the measures from day one)."""
    company_id = company if isinstance(company, int) else company.pk
    assignment = (
        ProfileAssignment.objects.filter(company_id=company_id, effective_from__lte=on)
        .select_related("profile")
        .order_by("-effective_from")
        .first()
    )
    if assignment is not None:
        return assignment.profile
    return RuleProfile.objects.filter(is_default=True, effective_from__lte=on).first()


def profiles_visible(*, company: Company) -> QuerySet[RuleProfile]:
    """The profiles a company may follow or adopt: the deployment's shared ones, its own,
    and those of the companies above it (R-1.3); never another county's."""
    owners = [company.pk]
    if company.parent_id is not None:
        owners.append(company.parent_id)
    return RuleProfile.objects.filter(Q(company__isnull=True) | Q(company_id__in=owners))


def standards_in_force(*, profile: RuleProfile, on: date) -> QuerySet[ServiceStandard]:
    return ServiceStandard.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=on),
        profile=profile,
        effective_from__lte=on,
    ).select_related("clause")


def standard_in_force(
    *, company: Company | int, code: str, on: date, attrs: dict[str, Any] | None = None
) -> ServiceStandard | None:
    """The version of `code` in force for `company` on `on` that applies to a subject with
    `attrs`; the most specific variant (most conditions) wins. None if none applies."""
    profile = profile_in_force(company=company, on=on)
    if profile is None:
        return None
    candidates = [
        s
        for s in standards_in_force(profile=profile, on=on).filter(code=code)
        if s.applies(attrs or {})
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda s: len(s.applies_to))


def standard_changes(*, company: Company | int, code: str) -> list[date]:
    """The days on which the version of `code` in force for `company` can change, in order:
    every day that starts or ends a version of it, or starts an assignment of the company
    to a profile, or the default profile. Between two of them standard_in_force gives the
    same answer on every day, so a caller that needs the version of many days looks it up
    once per stretch (the call import does, for a year of calls)."""
    company_id = company if isinstance(company, int) else company.pk
    days = set(
        ProfileAssignment.objects.filter(company_id=company_id).values_list(
            "effective_from", flat=True
        )
    )
    days.update(
        RuleProfile.objects.filter(is_default=True).values_list("effective_from", flat=True)
    )
    for start, end in ServiceStandard.objects.filter(code=code).values_list(
        "effective_from", "effective_to"
    ):
        days.add(start)
        if end is not None:
            days.add(end)
    return sorted(days)


def clauses_of(*, profile: RuleProfile) -> QuerySet[Clause]:
    return Clause.objects.filter(profile=profile).order_by("sort_key")


def clock_list(*, user: Any) -> QuerySet[Clock]:
    """Clocks of the companies the user may see."""
    qs = Clock.objects.select_related("standard__clause", "responsible_department")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def clock_standard_choices(*, company: Company | None, on: date) -> list[tuple[str, str]]:
    """The standards clocks are held to, as (code, "2.10 title") in clause order: what the
    clock list offers to filter by. The company's profile in force on `on`; every profile's
    when the user acts for no single company."""
    if company is not None:
        profile = profile_in_force(company=company, on=on)
        standards = standards_in_force(profile=profile, on=on) if profile else []
    else:
        standards = ServiceStandard.objects.select_related("clause")
    labels: dict[str, str] = {}
    for standard in sorted(standards, key=lambda s: (s.clause.sort_key, s.code, s.variant)):
        if standard.unit not in DEADLINE_UNITS:
            continue
        clause = standard.clause
        # Several variants of one code (by voltage, say): the clause names them all, as the
        # compliance figures do.
        title = clause.localised_title if standard.code in labels else standard.localised_title
        labels[standard.code] = f"{clause.number} {title}"
    return list(labels.items())


def clocks_of(subject: Model) -> list[Clock]:
    """Every clock of one record (an application, a complaint, ...), oldest first."""
    return list(
        Clock.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
        .select_related("standard__clause")
        .order_by("started_at", "id")
    )


@dataclass(frozen=True)
class Usage:
    used: int
    allowed: int
    unit: str


def clock_usage(clock: Clock, today: date) -> Usage:
    """How much of its time a clock has used, for "已用 x / 共 y 個工作日" (used / allowed).

    Used time runs from the start date to the stop date (or today), less the time paused;
    while paused, the clock stands still at the pause's date. Clocks counted in months or
    half years are shown in calendar days.
    """
    end = timezone.localdate(clock.stopped_at) if clock.stopped_at else today
    if clock.paused_since is not None:
        end = min(end, timezone.localdate(clock.paused_since))
    if clock.unit == WORKING_DAYS:
        elapsed = calendar_snapshot().working_days_between(clock.start_date, end).working_days
        return Usage(max(0, elapsed - clock.paused_days), clock.amount, WORKING_DAYS)
    elapsed = (end - clock.start_date).days
    if clock.unit == DAYS:
        return Usage(max(0, elapsed - clock.paused_days), clock.amount, DAYS)
    return Usage(max(0, elapsed - clock.paused_days), (clock.due - clock.start_date).days, DAYS)


def sweep_health() -> dict[str, Any]:
    """The last clock sweep for /healthz: when it ran and how many clocks failed."""
    last = SweepRun.objects.order_by("-started_at").first()
    if last is None:
        return {"last_run": None, "failed": 0}
    return {"last_run": last.started_at.isoformat(), "failed": last.failed}


def sweep_runs(*, user: Any, limit: int = 20) -> list[SweepRun]:
    """The latest sweep runs, each with only the failures of clocks the user may see (a
    company's administrator sees their company's; a deployment administrator all)."""
    runs = list(SweepRun.objects.order_by("-started_at")[:limit])
    visible = company_ids_visible(user)
    if visible is not None:
        for run in runs:
            run.failures = [f for f in run.failures if f.get("company") in visible]
    return runs


def standard_name(code: str) -> str:
    """A standard's clause number and title in the language of the page, for text that
    names a standard by its code (an audit entry): "2.10 居民照明…". The newest version of
    the code tells; an unknown code is returned as it is."""
    standard = (
        ServiceStandard.objects.filter(code=code)
        .select_related("clause")
        .order_by("-effective_from", "-version")
        .first()
    )
    if standard is None:
        return code
    return f"{standard.clause.number} {standard.localised_title}"
