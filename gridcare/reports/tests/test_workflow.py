"""The report's workflow (R-3.8.3): generated, reviewed with the supervision department's
comments, published once; refused steps change nothing; every step is audited; leaders
are notified on publication."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.models import AuditEvent, Notification
from gridcare.reports.models import AnalysisReport
from gridcare.reports.services import report_generate, report_publish, report_review
from gridcare.reports.tests.conftest import H1

pytestmark = pytest.mark.django_db

State = AnalysisReport.State


def _actions(report: AnalysisReport) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="reports.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_generate_review_publish_is_audited_and_notifies_the_leaders(
    company: Any, supervision_officer: Any, leader: Any, counter_clerk: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    assert report.state == State.DRAFT
    assert [s["code"] for s in report.content["sections"]][:1] == ["compliance"]
    assert report.content["sections"][-1]["code"] == "attention"
    report = report_review(
        report=report,
        comment="平穩",
        section_comments={"complaints": "注意"},
        actor=supervision_officer,
    )
    assert report.state == State.REVIEWED
    report = report_publish(report=report, actor=supervision_officer)
    assert report.state == State.PUBLISHED
    assert report.published_by == supervision_officer and report.published_at is not None
    assert _actions(report) == [
        "reports.report.generated",
        "reports.report.reviewed",
        "reports.report.published",
    ]
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {leader.username}


def test_a_report_is_published_once(company: Any, supervision_officer: Any) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    report = report_review(
        report=report, comment="ok", section_comments={}, actor=supervision_officer
    )
    report = report_publish(report=report, actor=supervision_officer)
    published_at = report.published_at
    with pytest.raises(TransitionError):
        report_publish(report=report, actor=supervision_officer)
    report.refresh_from_db()
    assert report.published_at == published_at
    assert _actions(report).count("reports.report.published") == 1


def test_a_draft_cannot_be_published_before_review(company: Any, supervision_officer: Any) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    with pytest.raises(TransitionError):
        report_publish(report=report, actor=supervision_officer)
    report.refresh_from_db()
    assert report.state == State.DRAFT and report.published_at is None


def test_a_published_report_cannot_be_generated_again_nor_commented(
    company: Any, supervision_officer: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    report = report_review(
        report=report, comment="ok", section_comments={}, actor=supervision_officer
    )
    report = report_publish(report=report, actor=supervision_officer)
    content, generated_at = report.content, report.generated_at
    with pytest.raises(TransitionError):
        report_generate(company=company, half_start=H1, actor=supervision_officer)
    with pytest.raises(TransitionError):
        report_review(
            report=report, comment="changed", section_comments={}, actor=supervision_officer
        )
    report.refresh_from_db()
    assert (report.content, report.generated_at, report.comment) == (content, generated_at, "ok")


def test_generating_a_reviewed_report_again_returns_it_to_draft(
    company: Any, supervision_officer: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    report = report_review(
        report=report, comment="ok", section_comments={}, actor=supervision_officer
    )
    again = report_generate(company=company, half_start=H1, actor=supervision_officer)
    assert again.pk == report.pk
    assert again.state == State.DRAFT and again.reviewed_at is None
    assert again.comment == "ok"  # kept, to be confirmed at the next review
    assert _actions(report)[-1] == "reports.report.regenerated"
    assert AnalysisReport.objects.count() == 1


@pytest.mark.parametrize(
    ("half_start", "field"),
    [(date(2026, 7, 1), "half_start"), (date(2026, 2, 1), "half_start")],
    ids=["half-not-over", "not-a-half-start"],
)
def test_only_a_half_year_that_is_over_can_be_reported(
    company: Any, supervision_officer: Any, half_start: date, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        report_generate(company=company, half_start=half_start, actor=supervision_officer)
    assert refused.value.field == field
    assert not AnalysisReport.objects.exists()


def test_a_review_needs_the_overall_comments(company: Any, supervision_officer: Any) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    with pytest.raises(DomainError) as refused:
        report_review(
            report=report,
            comment="  ",
            section_comments={"compliance": "x"},
            actor=supervision_officer,
        )
    assert refused.value.field == "comment"
    report.refresh_from_db()
    assert report.state == State.DRAFT and report.section_comments == {}


def test_comments_on_unknown_sections_are_not_kept(company: Any, supervision_officer: Any) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    report = report_review(
        report=report,
        comment="ok",
        section_comments={"complaints": " 注意 ", "nosuch": "x", "breaches": ""},
        actor=supervision_officer,
    )
    assert report.section_comments == {"complaints": "注意"}
