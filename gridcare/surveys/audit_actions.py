"""How the audit trail of surveys reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, register
from gridcare.customers.audit_actions import CUSTOMER_BY_ID
from gridcare.surveys.models import Question, SurveyResponse


def register_actions() -> None:
    register(
        {
            "surveys.questionnaire.created": _("Questionnaire created"),
            "surveys.questionnaire.updated": _("Questionnaire changed"),
            "surveys.questionnaire.versioned": _("New version %(version)s of the questionnaire"),
            "surveys.question.added": _("Question added"),
            "surveys.question.updated": _("Question changed"),
            "surveys.question.moved": _("Question moved to position %(position)s"),
            "surveys.question.deleted": _("Question deleted"),
            "surveys.round.opened": _("Survey round opened"),
            "surveys.round.closed": _("Survey round closed"),
            "surveys.round.links_reissued": _("Survey links reissued"),
            "surveys.response.recorded": _("Survey response recorded"),
        },
        fields={
            "question": _("Question number"),
            "kind": Field(_("Kind"), dict(Question.Kind.choices)),
            "position": _("Position"),
            "previous": _("Previous version number"),
            "version": _("Version"),
            "questionnaire": _("Questionnaire number"),
            "invited": _("Customers invited"),
            "expires": _("Links expire"),
            "invitations": _("Invitations"),
            "channel": Field(_("Channel"), dict(SurveyResponse.Channel.choices)),
            "customer": CUSTOMER_BY_ID,
            "answers": _("Answers"),
        },
    )
