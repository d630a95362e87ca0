"""Writes of the half-year analysis report (R-3.8.3): generate (again, until published),
review with comments, publish company-wide. Every change locks the report's row, checks
the TRANSITIONS table in one place and is audited in the same transaction."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.services import audit_log, notify
from gridcare.org.models import Company, Department
from gridcare.reports import sections
from gridcare.reports.builtin import ATTENTION
from gridcare.reports.models import AnalysisReport
from gridcare.reports.periods import half_of, previous_half

State = AnalysisReport.State

#: The version of the stored content's shape, so that a renderer can tell old snapshots.
CONTENT_VERSION = 1


def _plain(value: Any) -> Any:
    """JSON has no lazy strings, decimals or dates: store them as text and numbers."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored in a report")


def build_content(*, company: Company, half_start: date) -> dict[str, Any]:
    """Compute every registered section for the half year, in the deployment's language
    (settings.LANGUAGE_CODE: the report is one document for the whole company, whoever
    generates it), as plain JSON. The needs-attention section also gathers every other
    section's attention lines, each named by its section."""
    period = half_of(half_start)
    previous = previous_half(period)
    with translation.override(settings.LANGUAGE_CODE):
        computed = []
        for section in sections.sections():
            result = section.compute(company, period, previous)
            computed.append((section, result))
        gathered = [
            _("%(section)s: %(line)s") % {"section": section.title, "line": line}
            for section, result in computed
            if section.code != ATTENTION
            for line in result.attention
        ]
        content = {
            "version": CONTENT_VERSION,
            "period": {"start": period.start, "end": period.end},
            "previous": {"start": previous.start, "end": previous.end},
            "sections": [
                {
                    "code": section.code,
                    "title": section.title,
                    **result.as_json(),
                    **(
                        {"attention": gathered + result.attention}
                        if section.code == ATTENTION
                        else {}
                    ),
                }
                for section, result in computed
            ],
        }
        plain: dict[str, Any] = json.loads(json.dumps(content, default=_plain))
    return plain


def _lock(report: AnalysisReport) -> AnalysisReport:
    """Re-read under a row lock: two officers acting at once queue here, and the second
    sees the first's change (and is refused by the transition check)."""
    return AnalysisReport.objects.select_for_update().get(pk=report.pk)


def _move(report: AnalysisReport, to: str) -> None:
    """The one check of the TRANSITIONS table."""
    if to not in AnalysisReport.TRANSITIONS.get(report.state, frozenset()):
        raise TransitionError(
            _("A report that is %(state)s cannot become %(to)s.")
            % {"state": report.get_state_display(), "to": State(to).label},
            field="state",
        )
    report.state = to


@transaction.atomic
def report_generate(*, company: Company, half_start: date, actor: User) -> AnalysisReport:
    """Generate the report of the half year starting `half_start`, or generate it again
    while it is not published (a reviewed report returns to draft: its review was of the
    figures replaced). Only a half year that is over can be reported."""
    period = half_of(half_start)
    if period.start != half_start:
        raise DomainError(_("A half year starts on 1 January or 1 July."), field="half_start")
    if period.end >= timezone.localdate():
        raise DomainError(
            _("This half year is not over yet: its report can be generated from %(day)s.")
            % {"day": (period.end + timedelta(days=1)).isoformat()},
            field="half_start",
        )
    report, created = AnalysisReport.objects.get_or_create(
        company=company,
        half_start=half_start,
        defaults={"generated_at": timezone.now(), "generated_by": actor},
    )
    report = _lock(report)
    if report.is_published:
        raise TransitionError(
            _("This report is published: it can no longer be generated again."), field="state"
        )
    was = report.state
    if report.state == State.REVIEWED:
        _move(report, State.DRAFT)
        report.reviewed_at = report.reviewed_by = None
    report.content = build_content(company=company, half_start=half_start)
    report.generated_at, report.generated_by = timezone.now(), actor
    report.save()
    audit_log(
        action="reports.report.generated" if created else "reports.report.regenerated",
        actor=actor,
        obj=report,
        company=company,
        payload={
            "half_start": half_start.isoformat(),
            "sections": [s["code"] for s in report.content["sections"]],
            **({"state_before": was} if was != report.state else {}),
        },
    )
    return report


@transaction.atomic
def report_review(
    *, report: AnalysisReport, comment: str, section_comments: dict[str, str], actor: User
) -> AnalysisReport:
    """Record the supervision department's comments (overall and per section) and mark
    the report reviewed; comments can be revised until it is published."""
    report = _lock(report)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(
            _("Write the supervision department's overall comments."), field="comment"
        )
    if report.state != State.REVIEWED:
        _move(report, State.REVIEWED)
    codes = {s["code"] for s in report.content.get("sections", [])}
    report.comment = comment
    report.section_comments = {
        code: text.strip()
        for code, text in section_comments.items()
        if code in codes and text.strip()
    }
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.save()
    audit_log(
        action="reports.report.reviewed",
        actor=actor,
        obj=report,
        payload={"comment": comment, "sections_commented": sorted(report.section_comments)},
    )
    return report


def leaders_of(company: Company) -> QuerySet[User]:
    """The company's leaders (ROLES.md "leadership"): those with the leadership role and
    the staff of the leadership department."""
    return (
        get_user_model()
        .objects.filter(is_active=True, staff__company=company)
        .filter(
            Q(groups__name="leadership") | Q(staff__department__kind=Department.Kind.LEADERSHIP)
        )
        .distinct()
    )


@transaction.atomic
def report_publish(*, report: AnalysisReport, actor: User) -> AnalysisReport:
    """Publish the reviewed report company-wide (R-3.8.3): every staff member of the
    company can read it from then on, and its content never changes again; the company's
    leaders are notified."""
    report = _lock(report)
    _move(report, State.PUBLISHED)
    report.published_at, report.published_by = timezone.now(), actor
    report.save()
    leaders = list(leaders_of(report.company))
    for leader in leaders:
        notify(
            recipient=leader,
            key=f"reports:published:{report.pk}",
            title=_("Published: %(title)s") % {"title": report.title},
            body=report.comment,
            url=report.get_absolute_url(),
        )
    audit_log(
        action="reports.report.published",
        actor=actor,
        obj=report,
        payload={"leaders_notified": len(leaders)},
    )
    return report
