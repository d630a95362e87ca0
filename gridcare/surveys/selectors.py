"""Reads of the survey module, each list starting from a scoping selector (DESIGN.md 2):
a user sees the questionnaires and rounds of the companies in
`org.selectors.company_ids_visible`."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gridcare.keyaccounts.halves import half_start
from gridcare.keyaccounts.models import Designation
from gridcare.org.models import Department
from gridcare.org.selectors import company_ids_visible
from gridcare.surveys.models import (
    Questionnaire,
    SurveyInvitation,
    SurveyObligation,
    SurveyResponse,
    SurveyRound,
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _company_scope(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def questionnaire_list(*, user: Any) -> QuerySet[Questionnaire]:
    """Questionnaire versions of the user's companies, with their question and round
    counts (one query per page)."""
    return _company_scope(Questionnaire.objects.all(), user).annotate(
        question_count=Count("questions", distinct=True),
        round_count=Count("rounds", distinct=True),
        successor_count=Count("next_versions", distinct=True),
    )


def round_list(*, user: Any, now: datetime | None = None) -> QuerySet[SurveyRound]:
    """Rounds of the user's companies with their progress: invited, responded, expired
    (links past their date without a response)."""
    now = now or timezone.now()
    return (
        _company_scope(SurveyRound.objects.all(), user)
        .select_related("questionnaire")
        .annotate(
            invited=Count("invitations"),
            responded=Count("invitations__response"),
            expired=Count(
                "invitations",
                filter=Q(invitations__response__isnull=True, invitations__expires_at__lt=now),
            ),
        )
    )


def response_rate(responded: int, invited: int) -> float | None:
    """Responses per invitation, in percent with one decimal; None with no invitation."""
    return round(responded * 100 / invited, 1) if invited else None


def invitation_state(invitation: SurveyInvitation, now: datetime) -> str:
    """`responded`, `closed` (the round ended without a response), `expired` (the link is
    past its date) or `pending`."""
    if getattr(invitation, "response", None) is not None:
        return "responded"
    if invitation.round.status == SurveyRound.Status.CLOSED:
        return "closed"
    return "expired" if invitation.expires_at < now else "pending"


def invitation_list(*, round: SurveyRound) -> QuerySet[SurveyInvitation]:
    return SurveyInvitation.objects.filter(round=round).select_related(
        "customer", "response", "round"
    )


def invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a portal link points to, or None (unknown or replaced)."""
    if not token or len(token) > 100:
        return None
    return (
        SurveyInvitation.objects.filter(token_hash=token_hash(token))
        .select_related("round__questionnaire", "customer", "response")
        .first()
    )


def response_list(*, user: Any) -> QuerySet[SurveyResponse]:
    return _company_scope(SurveyResponse.objects.all(), user).select_related(
        "customer", "round__questionnaire", "recorded_by__staff"
    )


def keyaccounts_on(company_id: int, day: date) -> QuerySet[Designation]:
    """The designations that make customers key accounts of the company on `day` (the
    key-account list of R-3.3 as history)."""
    return (
        Designation.objects.filter(company_id=company_id, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("customer__company")
        .order_by("customer_id")
    )


def keyaccounts_without_obligation(today: date) -> QuerySet[Designation]:
    """Designations in force on `today` whose customer has no survey obligation for the
    half year holding `today` yet (every company: the daily task)."""
    return (
        Designation.objects.filter(valid_to__isnull=True, valid_from__lte=today)
        .exclude(customer__survey_obligations__half_start=half_start(today))
        .select_related("customer__company")
    )


def supervision_department(company_id: int) -> Department | None:
    """The department answerable for the survey clock (R-3.8.1)."""
    return (
        Department.objects.filter(company_id=company_id, kind=Department.Kind.SUPERVISION)
        .order_by("-is_active", "id")
        .first()
    )


def surveyed_count(company_id: int, half: date) -> int:
    """Key accounts that answered the survey of the half year starting `half`."""
    return SurveyObligation.objects.filter(
        company_id=company_id, half_start=half, responded_at__isnull=False
    ).count()
