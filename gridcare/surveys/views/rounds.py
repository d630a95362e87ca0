"""Survey rounds (R-3.8.2): open a round for every key account, follow its progress,
print the one-time links, record a response received on paper or by phone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.keyaccounts.halves import half_start
from gridcare.org.selectors import company_for
from gridcare.surveys.forms import RoundForm, StaffAnswerForm
from gridcare.surveys.models import SurveyInvitation, SurveyResponse, SurveyRound
from gridcare.surveys.selectors import (
    invitation_list,
    invitation_state,
    questionnaire_list,
    response_list,
    response_rate,
    round_list,
)
from gridcare.surveys.services import (
    survey_links_reissue,
    survey_response_record,
    survey_round_close,
    survey_round_open,
)
from gridcare.surveys.views.common import acting_company, require, user

VIEW = "surveys.view_surveyround"
ADD = "surveys.add_surveyround"
RECORD = "surveys.record_response"
STATES = (
    ("all", gettext_lazy("All")),
    ("pending", gettext_lazy("Waiting")),
    ("responded", gettext_lazy("Responded")),
    ("expired", gettext_lazy("Link expired")),
)


def _with_rate(rounds: list[Any]) -> list[Any]:
    for r in rounds:
        r.rate = response_rate(r.responded, r.invited)
    return rounds


@permission_required(VIEW, raise_exception=True)
def round_list_view(request: HttpRequest) -> HttpResponse:
    """Rounds with their progress: invited, responded, response rate, expired links."""
    page = keyset_page(round_list(user=request.user), request)
    _with_rate(page.items)
    company = company_for(request.user)
    current = half_start(timezone.localdate())
    return render_page(
        request,
        "surveys/round_list.html",
        {
            "page": page,
            "may_open": company is not None
            and request.user.has_perm(ADD)
            and not SurveyRound.objects.filter(company=company, half_start=current).exists(),
        },
        fragment="surveys/_round_rows.html",
    )


def _links_page(request: HttpRequest, round: SurveyRound, tokens: dict[int, str]) -> HttpResponse:
    """The links, shown this once (only their hashes are kept): print or hand them out."""
    invitations = SurveyInvitation.objects.filter(pk__in=list(tokens)).select_related("customer")
    links = [
        {
            "invitation": invitation,
            "url": request.build_absolute_uri(
                reverse("survey:answer", args=[tokens[invitation.pk]])
            ),
        }
        for invitation in invitations.order_by("customer__account_number")
    ]
    # The callers are never_cache: the secrets must not stay in a cache.
    return render(request, "surveys/round_links.html", {"round": round, "links": links})


@never_cache
def round_new(request: HttpRequest) -> HttpResponse:
    """Open this half year's round: every key account is invited with its own link."""
    require(request, ADD)
    company = acting_company(request)
    latest = questionnaire_list(user=request.user).filter(
        company=company, next_versions__isnull=True
    )
    form = RoundForm(
        request.POST if request.method == "POST" else None, questionnaires=latest.order_by("title")
    )
    if request.method == "POST" and form.is_valid():
        try:
            opened = survey_round_open(
                company=company,
                questionnaire=form.cleaned_data["questionnaire"],
                link_days=form.cleaned_data["link_days"],
                actor=user(request),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("The round is open: %(n)d key accounts invited. Print or send their links now.")
                % {"n": len(opened.tokens)},
            )
            return _links_page(request, opened.round, opened.tokens)
    return render(request, "surveys/round_form.html", {"form": form})


def _round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(round_list(user=request.user), pk=pk)


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Each invitation's state, with the actions the round allows."""
    require(request, VIEW)
    round = _round(request, pk)
    round.rate = response_rate(round.responded, round.invited)  # type: ignore[attr-defined]
    now = timezone.now()
    show = request.GET.get("state", "all")
    qs = invitation_list(round=round)
    if show == "responded":
        qs = qs.filter(response__isnull=False)
    elif show == "pending":
        qs = qs.filter(response__isnull=True, expires_at__gte=now)
    elif show == "expired":
        qs = qs.filter(response__isnull=True, expires_at__lt=now)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(
            Q(customer__name__icontains=text) | Q(customer__account_number__istartswith=text)
        )
    page = keyset_page(qs, request, size=100)
    for invitation in page.items:
        invitation.state = invitation_state(invitation, now)  # type: ignore[attr-defined]
    context = {
        "round": round,
        "page": page,
        "show": show,
        "states": STATES,
        "q": text,
        "is_open": round.status == SurveyRound.Status.OPEN,
        "events": audit_history_for(round),
    }
    return render_page(
        request, "surveys/round_detail.html", context, fragment="surveys/_invitation_rows.html"
    )


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, ADD)
    round = _round(request, pk)
    try:
        survey_round_close(round=round, actor=user(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The round was closed; unanswered links no longer work."))
    return redirect("surveys:round_detail", pk=round.pk)


@require_POST
@never_cache
def round_links(request: HttpRequest, pk: int) -> HttpResponse:
    """New links for every unanswered invitation (or one of them); old links stop."""
    require(request, ADD)
    round = _round(request, pk)
    invitation = None
    if request.POST.get("invitation", "").isdigit():
        invitation = get_object_or_404(round.invitations, pk=int(request.POST["invitation"]))
    try:
        tokens = survey_links_reissue(round=round, invitation=invitation, actor=user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("surveys:round_detail", pk=round.pk)
    if not tokens:
        messages.info(request, _("Every key account has answered: no link to issue."))
        return redirect("surveys:round_detail", pk=round.pk)
    return _links_page(request, round, tokens)


def response_new(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """Enter a response received on paper or by phone."""
    require(request, VIEW, RECORD)
    round = _round(request, pk)
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("customer", "round"), round=round, pk=invitation_pk
    )
    existing = SurveyResponse.objects.filter(invitation=invitation).first()
    if existing is not None:
        messages.info(request, _("This key account has answered already."))
        return redirect("surveys:response_detail", pk=existing.pk)
    questions = list(round.questionnaire.questions.order_by("position", "id"))
    form = StaffAnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_record(
                invitation=invitation,
                answers=form.answers(),
                channel=form.cleaned_data["channel"],
                received_at=form.cleaned_data["received_at"],
                respondent=form.cleaned_data["respondent"],
                actor=user(request),
            )
        except DomainError as error:
            if error.code == "used":
                messages.error(request, error.message)
                return redirect("surveys:round_detail", pk=round.pk)
            form_error(form, error)
        else:
            messages.success(
                request,
                _("The response of %(name)s was recorded.") % {"name": invitation.customer.name},
            )
            return redirect("surveys:round_detail", pk=round.pk)
    return render(
        request,
        "surveys/response_form.html",
        {"round": round, "invitation": invitation, "form": form},
    )


def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, VIEW)
    response = get_object_or_404(response_list(user=request.user), pk=pk)
    answers = {a.question_id: a for a in response.answers.all()}
    rows = [
        {"question": q, "answer": answers.get(q.pk)}
        for q in response.round.questionnaire.questions.order_by("position", "id")
    ]
    return render(request, "surveys/response_detail.html", {"response": response, "rows": rows})
