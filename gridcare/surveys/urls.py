from django.urls import path

from gridcare.surveys.views import questionnaires, rounds

app_name = "surveys"

urlpatterns = [
    path("", rounds.round_list_view, name="round_list"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:pk>/links/", rounds.round_links, name="round_links"),
    path(
        "rounds/<int:pk>/invitations/<int:invitation_pk>/respond/",
        rounds.response_new,
        name="response_new",
    ),
    path("responses/<int:pk>/", rounds.response_detail, name="response_detail"),
    path("questionnaires/", questionnaires.questionnaire_list_view, name="questionnaire_list"),
    path(
        "questionnaires/<int:pk>/",
        questionnaires.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path(
        "questionnaires/<int:pk>/edit/",
        questionnaires.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path(
        "questionnaires/<int:pk>/version/",
        questionnaires.questionnaire_version,
        name="questionnaire_version",
    ),
    path(
        "questionnaires/<int:pk>/questions/new/", questionnaires.question_new, name="question_new"
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/",
        questionnaires.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/move/",
        questionnaires.question_move_view,
        name="question_move",
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/delete/",
        questionnaires.question_delete_view,
        name="question_delete",
    ),
]
