"""Writes of the survey module (R-3.8.1, R-3.8.2): questionnaires and their versions,
rounds and their one-time links, responses, and the half-yearly survey clocks.

Each function is keyword-only, runs in one transaction and audits what it changed
(DESIGN.md conventions 1 and 3).

The clock of standard `supervision.survey` (3.8.2, at least one survey every half year):
for each key account and half year a `SurveyObligation` carries it. It starts on the half
year's first day (or on the day of designation, for an account designated during the
half year before the cut-off, the standard's `owe_cutoff_months`, default 3: designated
later, the account owes its first response in the next half year) and is due on the half
year's last day; the first response of that half year stops it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, TransitionError
from gridcare.core.services import audit_log
from gridcare.customers.models import Customer
from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Company
from gridcare.rules import catalogue
from gridcare.rules.deadlines import add_months
from gridcare.rules.models import Clock
from gridcare.rules.selectors import clocks_of, standard_in_force
from gridcare.rules.services import clock_start, clock_stop
from gridcare.surveys.models import (
    Question,
    Questionnaire,
    SurveyAnswer,
    SurveyInvitation,
    SurveyObligation,
    SurveyResponse,
    SurveyRound,
)
from gridcare.surveys.selectors import (
    keyaccounts_on,
    keyaccounts_without_obligation,
    supervision_department,
    token_hash,
)

Actor = User | AnonymousUser | None

SURVEY = "supervision.survey"
ATTRS = {"is_key_account": True}
DEFAULT_CUTOFF_MONTHS = catalogue.OWE_CUTOFF.default
#: A recorded time may lie this far ahead (two machines' clocks differ a little).
FUTURE_SKEW = timedelta(minutes=5)
MAX_OPTIONS = 20


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _check_time(at: datetime, *, field: str) -> date:
    if timezone.is_naive(at):
        raise DomainError(_("A time must carry its UTC offset."), field=field)
    if at > timezone.now() + FUTURE_SKEW:
        raise DomainError(_("This time is in the future."), field=field)
    return timezone.localdate(at)


def _text(value: str, *, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    if len(value) > limit:
        raise DomainError(_("Keep this under %(n)d characters.") % {"n": limit + 1}, field=field)
    return value


# Questionnaires --------------------------------------------------------------------------


def _editable(questionnaire: Questionnaire) -> Questionnaire:
    """Re-read under a lock; refuse a version a round has used (it is read-only)."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.is_locked:
        raise DomainError(
            _("A survey round has used this version: make a new version to change it."),
            field="questionnaire",
            code="locked",
        )
    return locked


def _options(kind: str, options: list[str]) -> list[str]:
    if kind not in Question.CHOICE_KINDS:
        return []
    cleaned: list[str] = []
    for option in options:
        option = option.strip()
        if option and option not in cleaned:
            cleaned.append(option[:200])
    if len(cleaned) < 2:
        raise DomainError(_("A choice question needs at least two options."), field="options")
    if len(cleaned) > MAX_OPTIONS:
        raise DomainError(
            _("A question can have at most %(n)d options.") % {"n": MAX_OPTIONS}, field="options"
        )
    return cleaned


def _kind(kind: str) -> str:
    if kind not in Question.Kind.values:
        raise DomainError(_("Choose the kind of question."), field="kind")
    return kind


@transaction.atomic
def questionnaire_create(
    *, company: Company, title: str, introduction: str = "", actor: User
) -> Questionnaire:
    """A new questionnaire (version 1), built by the supervision department (R-3.8.1)."""
    questionnaire = Questionnaire.objects.create(
        company=company,
        title=_text(title, field="title", message=_("Give the questionnaire a title."), limit=120),
        introduction=(introduction or "").strip(),
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_log(action="surveys.questionnaire.created", actor=actor, obj=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, title: str, introduction: str, actor: User
) -> Questionnaire:
    questionnaire = _editable(questionnaire)
    questionnaire.title = _text(
        title, field="title", message=_("Give the questionnaire a title."), limit=120
    )
    questionnaire.introduction = (introduction or "").strip()
    questionnaire.save(update_fields=["title", "introduction"])
    audit_log(action="surveys.questionnaire.updated", actor=actor, obj=questionnaire)
    return questionnaire


@transaction.atomic
def question_add(
    *,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    required: bool,
    options: list[str],
    actor: User,
) -> Question:
    questionnaire = _editable(questionnaire)
    kind = _kind(kind)
    last = questionnaire.questions.order_by("-position").first()
    question = Question.objects.create(
        questionnaire=questionnaire,
        position=(last.position + 1) if last else 1,
        kind=kind,
        text=_text(text, field="text", message=_("Write the question."), limit=300),
        required=required,
        options=_options(kind, options),
    )
    audit_log(
        action="surveys.question.added",
        actor=actor,
        obj=questionnaire,
        payload={"question": question.pk, "kind": kind},
    )
    return question


@transaction.atomic
def question_update(
    *, question: Question, kind: str, text: str, required: bool, options: list[str], actor: User
) -> Question:
    questionnaire = _editable(question.questionnaire)
    kind = _kind(kind)
    question = Question.objects.get(pk=question.pk, questionnaire=questionnaire)
    question.kind = kind
    question.text = _text(text, field="text", message=_("Write the question."), limit=300)
    question.required = required
    question.options = _options(kind, options)
    question.save(update_fields=["kind", "text", "required", "options"])
    audit_log(
        action="surveys.question.updated",
        actor=actor,
        obj=questionnaire,
        payload={"question": question.pk},
    )
    return question


def _renumber(questionnaire: Questionnaire, ordered: list[Question]) -> None:
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


@transaction.atomic
def question_move(*, question: Question, offset: int, actor: User) -> None:
    """Move a question up (offset -1) or down (+1) in its questionnaire."""
    questionnaire = _editable(question.questionnaire)
    ordered = list(questionnaire.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(questionnaire, ordered)
    audit_log(
        action="surveys.question.moved",
        actor=actor,
        obj=questionnaire,
        payload={"question": question.pk, "position": target + 1},
    )


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    questionnaire = _editable(question.questionnaire)
    pk = question.pk
    Question.objects.filter(pk=pk, questionnaire=questionnaire).delete()
    _renumber(questionnaire, list(questionnaire.questions.order_by("position", "id")))
    audit_log(
        action="surveys.question.deleted", actor=actor, obj=questionnaire, payload={"question": pk}
    )


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire, actor: User) -> Questionnaire:
    """The version to edit after `questionnaire` was used: its existing unused successor,
    or a new copy of it (title, introduction and questions). The used version is never
    changed, so past responses keep the questions they answered."""
    source = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    successor = source.next_versions.first()
    if successor is not None:
        if successor.is_locked:
            raise DomainError(
                _("A newer version exists: change the latest version instead."),
                field="questionnaire",
            )
        return successor
    if not source.is_locked:
        return source
    copy = Questionnaire.objects.create(
        company_id=source.company_id,
        title=source.title,
        introduction=source.introduction,
        version=source.version + 1,
        previous=source,
        created_at=timezone.now(),
        created_by=actor,
    )
    Question.objects.bulk_create(
        Question(
            questionnaire=copy,
            position=q.position,
            kind=q.kind,
            text=q.text,
            required=q.required,
            options=list(q.options),
        )
        for q in source.questions.order_by("position", "id")
    )
    audit_log(
        action="surveys.questionnaire.versioned",
        actor=actor,
        obj=copy,
        payload={"previous": source.pk, "version": copy.version},
    )
    return copy


# Survey obligations and their clocks (3.8.2) -----------------------------------------------


def cutoff_months(company_id: int, half: date) -> int:
    standard = standard_in_force(company=company_id, code=SURVEY, on=half, attrs=ATTRS)
    if standard is None:
        return DEFAULT_CUTOFF_MONTHS
    return int(catalogue.parameter(standard, "owe_cutoff_months"))


def survey_clock(obligation: SurveyObligation) -> Clock | None:
    return next((c for c in clocks_of(obligation) if c.standard.code == SURVEY), None)


def obligation_ensure(
    *, customer: Customer, designated_on: date, on: date, actor: Actor = None
) -> SurveyObligation:
    """The obligation of `customer` (a key account since `designated_on`) for the half
    year holding `on`, created with its clock when it owes a response there."""
    start = half_start(on)
    row = SurveyObligation.objects.filter(customer=customer, half_start=start).first()
    if row is not None:
        return row
    owed = designated_on < add_months(start, cutoff_months(customer.company_id, start))
    try:
        with transaction.atomic():
            row = SurveyObligation.objects.create(
                company_id=customer.company_id,
                customer=customer,
                half_start=start,
                owes_response=owed,
                opened_at=timezone.now(),
            )
            if owed:
                clock_start(
                    subject=row,
                    code=SURVEY,
                    company=customer.company,
                    started_at=_day_start(max(start, designated_on)),
                    attrs=ATTRS,
                    department=supervision_department(customer.company_id),
                    is_key_account=True,
                    actor=actor,
                )
    except IntegrityError:
        # Opened at the same moment by the daily task or a round: use that row.
        return SurveyObligation.objects.get(customer=customer, half_start=start)
    return row


def survey_obligations_open(*, today: date | None = None) -> int:
    """Open this half year's obligation and clock for every company's key account that has
    none yet (run daily; idempotent). Returns how many were opened."""
    today = today or timezone.localdate()
    missing = keyaccounts_without_obligation(today)
    opened = 0
    for designation in missing.iterator(chunk_size=500):
        with transaction.atomic():
            obligation_ensure(
                customer=designation.customer, designated_on=designation.valid_from, on=today
            )
            opened += 1
    return opened


# Rounds and links ------------------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


@dataclass
class OpenedRound:
    round: SurveyRound
    #: invitation id → the link's secret, shown once (only its hash is stored).
    tokens: dict[int, str]


@transaction.atomic
def survey_round_open(
    *,
    company: Company,
    questionnaire: Questionnaire,
    actor: User,
    link_days: int = SurveyRound.DEFAULT_LINK_DAYS,
    at: datetime | None = None,
) -> OpenedRound:
    """Open the survey of the half year holding `at` (default now) and invite every key
    account of the company on that day, each with a personal link valid `link_days` days
    (R-3.8.2). The questionnaire version becomes read-only; the accounts' survey clocks of
    that half year are opened."""
    at = at or timezone.now()
    day = _check_time(at, field="at")
    source = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if source.company_id != company.pk:
        raise DomainError(_("Choose a questionnaire of this company."), field="questionnaire")
    if source.next_versions.exists():
        raise DomainError(
            _("A newer version of this questionnaire exists: use the latest version."),
            field="questionnaire",
        )
    if not source.questions.exists():
        raise DomainError(_("This questionnaire has no question yet."), field="questionnaire")
    if not 1 <= link_days <= 366:
        raise DomainError(_("Links last between 1 and 366 days."), field="link_days")
    start = half_start(day)
    if SurveyRound.objects.filter(company=company, half_start=start).exists():
        raise DomainError(_("A survey round of this half year exists already."), field="at")
    designations = list(keyaccounts_on(company.pk, day))
    if not designations:
        raise DomainError(_("The company has no key account to survey."), field="questionnaire")
    try:
        with transaction.atomic():
            round = SurveyRound.objects.create(
                company=company,
                questionnaire=source,
                half_start=start,
                link_days=link_days,
                opened_at=at,
                opened_by=actor,
            )
    except IntegrityError:
        raise DomainError(
            _("A survey round of this half year exists already."), field="at"
        ) from None
    if source.used_at is None:
        source.used_at = at
        source.save(update_fields=["used_at"])
    tokens: dict[int, str] = {}
    expires = at + timedelta(days=link_days)
    for designation in designations:
        obligation_ensure(
            customer=designation.customer,
            designated_on=designation.valid_from,
            on=day,
            actor=actor,
        )
        token, digest = _new_token()
        invitation = SurveyInvitation.objects.create(
            company=company,
            round=round,
            customer=designation.customer,
            token_hash=digest,
            expires_at=expires,
            issued_at=at,
        )
        tokens[invitation.pk] = token
    audit_log(
        action="surveys.round.opened",
        actor=actor,
        obj=round,
        payload={
            "questionnaire": source.pk,
            "version": source.version,
            "invited": len(tokens),
            "expires": expires.isoformat(),
        },
    )
    return OpenedRound(round=round, tokens=tokens)


def _check_round_open(round: SurveyRound, *, field: str = "round") -> None:
    if SurveyRound.Status.CLOSED not in SurveyRound.TRANSITIONS.get(round.status, frozenset()):
        raise TransitionError(_("This survey round is closed."), field=field, code="closed")


@transaction.atomic
def survey_round_close(*, round: SurveyRound, actor: User) -> SurveyRound:
    """Close a round: the links still unanswered stop working."""
    round = SurveyRound.objects.select_for_update().get(pk=round.pk)
    _check_round_open(round)
    round.status, round.closed_at, round.closed_by = (
        SurveyRound.Status.CLOSED,
        timezone.now(),
        actor,
    )
    round.save(update_fields=["status", "closed_at", "closed_by"])
    audit_log(action="surveys.round.closed", actor=actor, obj=round)
    return round


@transaction.atomic
def survey_links_reissue(
    *, round: SurveyRound, actor: User, invitation: SurveyInvitation | None = None
) -> dict[int, str]:
    """New links for the unanswered invitations of an open round (or for one of them),
    valid the round's number of days from now; the links they replace stop working.
    Returns invitation id → secret, to show once."""
    round = SurveyRound.objects.select_for_update().get(pk=round.pk)
    _check_round_open(round)
    pending = SurveyInvitation.objects.select_for_update(of=("self",)).filter(
        round=round, response__isnull=True
    )
    if invitation is not None:
        pending = pending.filter(pk=invitation.pk)
    now = timezone.now()
    tokens: dict[int, str] = {}
    for row in pending:
        token, row.token_hash = _new_token()
        row.issued_at, row.expires_at = now, now + timedelta(days=round.link_days)
        row.save(update_fields=["token_hash", "issued_at", "expires_at"])
        tokens[row.pk] = token
    if invitation is not None and not tokens:
        raise DomainError(_("This key account has answered already."), field="invitation")
    audit_log(
        action="surveys.round.links_reissued",
        actor=actor,
        obj=round,
        payload={"invitations": sorted(tokens)},
    )
    return tokens


# Responses -------------------------------------------------------------------------------

Answers = Mapping[int, Any]


@dataclass(frozen=True)
class CleanAnswer:
    question: Question
    choices: list[str]
    score: int | None
    text: str


def answers_clean(questions: list[Question], answers: Answers) -> list[CleanAnswer]:
    """Check answers against their questions: required ones answered, a choice among the
    options (one for a single choice), a scale from 1 to 5. Raises DomainError naming the
    question's field (`q_<id>`); unanswered optional questions are left out."""
    known = {q.pk for q in questions}
    if set(answers) - known:
        raise DomainError(_("An answer names a question of another questionnaire."))
    clean: list[CleanAnswer] = []
    for question in questions:
        field = f"q_{question.pk}"
        value: Any = answers.get(question.pk)
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if question.required:
                raise DomainError(_("Please answer this question."), field=field)
            continue
        if question.kind == Question.Kind.TEXT:
            text = str(value).strip()
            if not text and question.required:
                raise DomainError(_("Please answer this question."), field=field)
            if text:
                clean.append(CleanAnswer(question, [], None, text[:4000]))
        elif question.kind == Question.Kind.SCALE:
            try:
                score = int(value)
            except (TypeError, ValueError):
                score = 0
            if not Question.SCALE_MIN <= score <= Question.SCALE_MAX:
                raise DomainError(_("Choose a score from 1 to 5."), field=field)
            clean.append(CleanAnswer(question, [], score, ""))
        else:
            chosen = [value] if isinstance(value, str) else list(value)
            if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
                raise DomainError(_("Choose one option."), field=field)
            if any(c not in question.options for c in chosen) or len(set(chosen)) != len(chosen):
                raise DomainError(_("Choose among the options shown."), field=field)
            # Kept in the questionnaire's order, whatever order they were ticked in.
            clean.append(
                CleanAnswer(question, [o for o in question.options if o in chosen], None, "")
            )
    return clean


def _response_create(
    *,
    invitation: SurveyInvitation,
    answers: Answers,
    channel: str,
    received_at: datetime,
    respondent: str,
    actor: Actor,
) -> SurveyResponse:
    """The response to a locked invitation, stopping the half year's survey clock."""
    if SurveyResponse.objects.filter(invitation=invitation).exists():
        raise DomainError(_("This survey has been answered already."), code="used")
    round = invitation.round
    questions = list(round.questionnaire.questions.order_by("position", "id"))
    clean = answers_clean(questions, answers)
    user = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                company_id=invitation.company_id,
                invitation=invitation,
                round=round,
                customer_id=invitation.customer_id,
                channel=channel,
                received_at=received_at,
                respondent=(respondent or "").strip()[:100],
                recorded_at=timezone.now(),
                recorded_by=user,
            )
    except IntegrityError:
        # The database's one response per invitation, when no row lock queued the two.
        raise DomainError(_("This survey has been answered already."), code="used") from None
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response, question=a.question, choices=a.choices, score=a.score, text=a.text
        )
        for a in clean
    )
    _obligation_met(invitation, round, received_at, actor)
    audit_log(
        action="surveys.response.recorded",
        actor=actor,
        obj=response,
        payload={"channel": channel, "customer": invitation.customer_id, "answers": len(clean)},
    )
    return response


def _obligation_met(
    invitation: SurveyInvitation, round: SurveyRound, at: datetime, actor: Actor
) -> None:
    obligation = (
        SurveyObligation.objects.select_for_update()
        .filter(customer_id=invitation.customer_id, half_start=round.half_start)
        .first()
    )
    if obligation is None or obligation.responded_at is not None:
        return
    obligation.responded_at = at
    obligation.save(update_fields=["responded_at"])
    clock = survey_clock(obligation)
    if clock is not None and clock.stopped_at is None and clock.state != Clock.State.EXEMPTED:
        clock_stop(clock=clock, at=max(at, clock.started_at), actor=actor)


@transaction.atomic
def survey_response_submit(
    *, token: str, answers: Answers, respondent: str = "", at: datetime | None = None
) -> SurveyResponse:
    """The customer answers through their link (R-3.8.2). The link works once and until
    its expiry: a link used already, expired, replaced or of a closed round is refused
    (the error's code says which: used, expired, closed, unknown)."""
    at = at or timezone.now()
    digest = token_hash(token or "")
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("round__questionnaire")
        .filter(token_hash=digest)
        .first()
    )
    if invitation is None:
        raise DomainError(_("This survey link is not valid."), code="unknown")
    if SurveyResponse.objects.filter(invitation=invitation).exists():
        raise DomainError(_("This survey has been answered already."), code="used")
    if invitation.round.status == SurveyRound.Status.CLOSED:
        raise DomainError(_("This survey has ended."), code="closed")
    if at > invitation.expires_at:
        raise DomainError(_("This survey link has expired."), code="expired")
    return _response_create(
        invitation=invitation,
        answers=answers,
        channel=SurveyResponse.Channel.PORTAL,
        received_at=at,
        respondent=respondent,
        actor=None,
    )


@transaction.atomic
def survey_response_record(
    *,
    invitation: SurveyInvitation,
    answers: Answers,
    channel: str,
    received_at: datetime,
    actor: User,
    respondent: str = "",
) -> SurveyResponse:
    """Staff enter a response received on paper or by phone for an invitation of an open
    round; the customer's link then stops working."""
    if channel not in SurveyResponse.STAFF_CHANNELS:
        raise DomainError(_("Choose paper or phone."), field="channel")
    _check_time(received_at, field="received_at")
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("round__questionnaire")
        .get(pk=invitation.pk)
    )
    _check_round_open(invitation.round, field="received_at")
    if received_at < invitation.round.opened_at:
        raise DomainError(_("The response cannot be older than the round."), field="received_at")
    return _response_create(
        invitation=invitation,
        answers=answers,
        channel=channel,
        received_at=received_at,
        respondent=respondent,
        actor=actor,
    )
