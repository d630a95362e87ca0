"""Forms of the survey pages: they parse input and add messages; the rules are in the
services (DESIGN.md 6, 11)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.customers.validators import validate_name
from gridcare.surveys.models import Question, Questionnaire, SurveyResponse, SurveyRound

RADIO = {"class": "form-check-input"}


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    introduction = forms.CharField(
        label=_("Introduction for the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line (choice questions only)."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)

    def option_list(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class RoundForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none()
    )
    link_days = forms.IntegerField(
        label=_("Links valid for (days)"),
        min_value=1,
        max_value=366,
        initial=SurveyRound.DEFAULT_LINK_DAYS,
    )

    def __init__(self, *args: Any, questionnaires: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires  # type: ignore[attr-defined]


def answer_fields(questions: list[Question]) -> dict[str, forms.Field]:
    """One field per question, named q_<id> (the services name errors the same way)."""
    fields: dict[str, forms.Field] = {}
    for q in questions:
        common: dict[str, Any] = {"label": q.text, "required": q.required}
        field: forms.Field
        if q.kind == Question.Kind.SINGLE:
            field = forms.ChoiceField(
                choices=[(o, o) for o in q.options], widget=forms.RadioSelect(RADIO), **common
            )
        elif q.kind == Question.Kind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=[(o, o) for o in q.options],
                widget=forms.CheckboxSelectMultiple(RADIO),
                **common,
            )
        elif q.kind == Question.Kind.SCALE:
            field = forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(RADIO),
                **common,
            )
        else:
            field = forms.CharField(
                max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common
            )
        setattr(field, "question", q)  # noqa: B010 - the template reads the kind from it
        fields[f"q_{q.pk}"] = field
    return fields


class AnswerForm(forms.Form):
    """The questionnaire as a form (the customer's page and staff's entry)."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(answer_fields(questions))
        self.questions = questions

    def answers(self) -> dict[int, Any]:
        return {
            q.pk: self.cleaned_data.get(f"q_{q.pk}")
            for q in self.questions
            if f"q_{q.pk}" in self.cleaned_data
        }

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.pk}"] for q in self.questions]


class PublicAnswerForm(AnswerForm):
    respondent = forms.CharField(
        label=_("Your name (optional)"), max_length=100, required=False, validators=[validate_name]
    )


class StaffAnswerForm(AnswerForm):
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in SurveyResponse.STAFF_CHANNELS],
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    respondent = forms.CharField(label=_("Answered by"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
