from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "gridcare.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from gridcare.surveys.audit_actions import register_actions

        register_actions()
        from django.urls import reverse

        from gridcare.core import demo, home, navigation, todo
        from gridcare.dashboard import registry
        from gridcare.reports import sections
        from gridcare.rules.compliance import register_activity
        from gridcare.surveys import tasks  # noqa: F401
        from gridcare.surveys.activity import reports_published, surveys_answered
        from gridcare.surveys.demo import load_demo
        from gridcare.surveys.panels import rounds_panel
        from gridcare.surveys.report import compute_section, surveyed_this_half
        from gridcare.surveys.todo import round_to_open

        navigation.register(
            navigation.NavItem(
                _("Survey rounds"),
                "surveys:round_list",
                icon="clipboard2-check",
                permission="surveys.view_surveyround",
                order=40,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Questionnaires"),
                "surveys:questionnaire_list",
                icon="ui-checks",
                permission="surveys.view_questionnaire",
                order=41,
            )
        )
        home.register(
            home.Panel(
                "surveys_rounds",
                "surveys/panels/rounds.html",
                context=rounds_panel,
                roles=frozenset({"supervision"}),
                order=30,
            )
        )
        todo.register(todo.Source("surveys.round", round_to_open, frozenset({"supervision"})))
        sections.register(
            sections.Section(
                code="surveys",
                title=_("Key-account surveys"),
                compute=compute_section,
                order=20,
            )
        )
        registry.register_figure(
            registry.Figure(
                code="surveys.surveyed",
                group="coverage",
                label=_("Key accounts surveyed this half year"),
                value=surveyed_this_half,
                url=lambda date_from, date_to: reverse("surveys:round_list"),
                order=30,
            )
        )
        register_activity("3.8.1", surveys_answered)
        # The published analysis is of these surveys (and the follow-up calls).
        register_activity("3.8.3", reports_published)
        # After the key-account loader: a round surveys the key accounts it designated.
        demo.register(demo.DemoLoader("surveys", load_demo, order=65))
