"""The customer's survey page, reached by their personal link (R-3.8.2): no login, works
once and until the link expires; a used, expired, replaced or closed link gets a clear
page of its own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from gridcare.core.errors import DomainError, form_error
from gridcare.surveys.forms import PublicAnswerForm
from gridcare.surveys.selectors import invitation_for_token, invitation_state
from gridcare.surveys.services import survey_response_submit

#: Page status per state of the link: the page explains it, the status tells machines.
STATUS = {"unknown": 404, "used": 410, "expired": 410, "closed": 410}


def _ended(request: HttpRequest, state: str) -> HttpResponse:
    return render(
        request, "surveys/public_ended.html", {"state": state}, status=STATUS.get(state, 400)
    )


@login_not_required
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return _ended(request, "unknown")
    state = invitation_state(invitation, timezone.now())
    if state != "pending":
        return _ended(request, "used" if state == "responded" else state)
    questionnaire = invitation.round.questionnaire
    questions = list(questionnaire.questions.order_by("position", "id"))
    form = PublicAnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_submit(
                token=token, answers=form.answers(), respondent=form.cleaned_data["respondent"]
            )
        except DomainError as error:
            if error.code in STATUS:
                return _ended(request, error.code)
            form_error(form, error)
        else:
            return render(
                request,
                "surveys/public_thanks.html",
                {"customer": invitation.customer, "questionnaire": questionnaire},
            )
    return render(
        request,
        "surveys/public_answer.html",
        {"invitation": invitation, "questionnaire": questionnaire, "form": form},
    )
