"""The questionnaire builder of the supervision department (R-3.8.1, R-3.8.2): versions,
questions of four kinds, their order; a version used by a round is read-only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.surveys.forms import QuestionForm, QuestionnaireForm
from gridcare.surveys.models import Question, Questionnaire
from gridcare.surveys.selectors import questionnaire_list
from gridcare.surveys.services import (
    question_add,
    question_delete,
    question_move,
    question_update,
    questionnaire_create,
    questionnaire_new_version,
    questionnaire_update,
)
from gridcare.surveys.views.common import acting_company, require, user

VIEW = "surveys.view_questionnaire"
ADD = "surveys.add_questionnaire"
CHANGE = "surveys.change_questionnaire"


def questionnaire_list_view(request: HttpRequest) -> HttpResponse:
    """Every questionnaire version; supervision creates a new one here (POST)."""
    require(request, VIEW)
    form = QuestionnaireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request, ADD)
        if form.is_valid():
            try:
                questionnaire = questionnaire_create(
                    company=acting_company(request),
                    title=form.cleaned_data["title"],
                    introduction=form.cleaned_data["introduction"],
                    actor=user(request),
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The questionnaire was created: add its questions."))
                return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    page = keyset_page(questionnaire_list(user=request.user), request)
    return render_page(
        request,
        "surveys/questionnaire_list.html",
        {"page": page, "form": form},
        fragment="surveys/_questionnaire_rows.html",
    )


def _questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    return get_object_or_404(questionnaire_list(user=request.user), pk=pk)


def _builder_context(request: HttpRequest, questionnaire: Questionnaire) -> dict:
    versions: list[Questionnaire] = []
    # The line of versions, oldest first (a handful: each edit after use adds one).
    current: Questionnaire | None = questionnaire
    while current is not None and len(versions) < 50:
        versions.insert(0, current)
        current = current.previous
    successor = questionnaire.next_versions.first()
    while successor is not None and len(versions) < 50:
        versions.append(successor)
        successor = successor.next_versions.first()
    editable = not questionnaire.is_locked and request.user.has_perm(CHANGE)
    return {
        "questionnaire": questionnaire,
        "questions": list(questionnaire.questions.order_by("position", "id")),
        "editable": editable,
        "versions": versions,
        "latest": versions[-1],
        "rounds": list(questionnaire.rounds.order_by("-half_start")[:10]),
    }


def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: questions in order, each with its kind and options."""
    require(request, VIEW)
    questionnaire = _questionnaire(request, pk)
    context = _builder_context(request, questionnaire)
    context["form"] = QuestionnaireForm(
        initial={"title": questionnaire.title, "introduction": questionnaire.introduction}
    )
    context["question_form"] = QuestionForm(initial={"kind": Question.Kind.SCALE})
    context["events"] = audit_history_for(questionnaire)
    return render(request, "surveys/questionnaire_detail.html", context)


@require_POST
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    form = QuestionnaireForm(request.POST)
    if form.is_valid():
        try:
            questionnaire_update(
                questionnaire=questionnaire,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                actor=user(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Give the questionnaire a title."))
    return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)


@require_POST
def questionnaire_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a used version: open (or reuse) its new version."""
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    try:
        draft = questionnaire_new_version(questionnaire=questionnaire, actor=user(request))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    if draft.pk != questionnaire.pk:
        messages.success(
            request,
            _("Version %(n)d is open for changes; version %(old)d stays as it was used.")
            % {"n": draft.version, "old": questionnaire.version},
        )
    return redirect("surveys:questionnaire_detail", pk=draft.pk)


def _questions_fragment(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "surveys/_questions.html", _builder_context(request, questionnaire))
    return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)


def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a question (POST); a form with errors is shown again with what was typed."""
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None, initial={"kind": Question.Kind.SCALE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            question_add(
                questionnaire=questionnaire,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                required=form.cleaned_data["required"],
                options=form.option_list(),
                actor=user(request),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"questionnaire": questionnaire, "form": form, "question": None},
    )


def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    question = get_object_or_404(questionnaire.questions, pk=question_pk)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "options": "\n".join(question.options),
        "required": question.required,
    }
    form = QuestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question_update(
                question=question,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                required=form.cleaned_data["required"],
                options=form.option_list(),
                actor=user(request),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"questionnaire": questionnaire, "form": form, "question": question},
    )


@require_POST
def question_move_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Move a question up or down (htmx: the list of questions)."""
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    question = get_object_or_404(questionnaire.questions, pk=question_pk)
    try:
        question_move(
            question=question,
            offset=-1 if request.POST.get("direction") == "up" else 1,
            actor=user(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
    return _questions_fragment(request, questionnaire)


@require_POST
def question_delete_view(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    require(request, CHANGE)
    questionnaire = _questionnaire(request, pk)
    question = get_object_or_404(questionnaire.questions, pk=question_pk)
    try:
        question_delete(question=question, actor=user(request))
    except DomainError as error:
        messages.error(request, error.message)
    return _questions_fragment(request, questionnaire)
