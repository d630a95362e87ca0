from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "gridcare.followups"
    label = "followups"
    verbose_name = _("Follow-up calls")

    def ready(self) -> None:
        from gridcare.followups.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, home, navigation, todo
        from gridcare.dashboard import registry as dashboard
        from gridcare.followups import tasks  # noqa: F401  (registers the daily scan)
        from gridcare.followups.activity import calls_made
        from gridcare.followups.demo import load_demo
        from gridcare.followups.figures import report_section, satisfaction_rate
        from gridcare.followups.panels import queue
        from gridcare.followups.todo import queued_calls
        from gridcare.reports import sections
        from gridcare.rules.compliance import register_activity

        navigation.register(
            navigation.NavItem(
                _("Follow-up calls"),
                "followups:call_list",
                "telephone-forward",
                "followups.view_followupcall",
                order=61,
            )
        )
        home.register(
            home.Panel(
                "followups_queue",
                "followups/panels/queue.html",
                context=queue,
                roles=frozenset({"supervision"}),
                order=16,
            )
        )
        todo.register(todo.Source("followups.queued", queued_calls, frozenset({"supervision"})))
        sections.register(
            sections.Section(
                code="followups",
                title=_("Follow-up calls"),
                compute=report_section,
                order=30,
            )
        )
        dashboard.register_figure(
            dashboard.Figure(
                code="followups.satisfaction",
                group="followups",
                label=_("Follow-up satisfaction rate (%)"),
                value=satisfaction_rate,
            )
        )
        register_activity("3.8.1", calls_made)
        # After the front office (60), applications (30) and field (70) loaders: the
        # calls are sampled from their closed records; before the assessments (900).
        demo.register(demo.DemoLoader("followups", load_demo, order=80))
