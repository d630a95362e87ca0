from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Who sees the ledger in the menu: its readers and the roles of the departments that
#: may appeal (they see their own department's items).
LEDGER_ROLES = (
    "marketing",
    "leadership",
    "supervision",
    "counter_clerk",
    "csc_director",
    "production_technology",
    "field_unit",
    "dispatch_planner",
)


class AssessmentsConfig(AppConfig):
    name = "gridcare.assessments"
    label = "assessments"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from gridcare.assessments.audit_actions import register_actions

        register_actions()
        from gridcare.assessments import breaches, registry, tasks  # noqa: F401
        from gridcare.assessments.demo import load_demo
        from gridcare.assessments.panels import review_panel
        from gridcare.assessments.todo import to_review
        from gridcare.core import demo, home, navigation, todo

        registry.register(registry.ItemSource("breaches", breaches.sync_breaches, order=10))
        navigation.register(
            navigation.NavItem(
                _("Assessment ledger"),
                "assessments:ledger",
                icon="journal-check",
                roles=frozenset(LEDGER_ROLES),
                order=70,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Scorecards"),
                "assessments:scorecards",
                icon="trophy",
                permission="assessments.view_assessmentitem",
                order=71,
            )
        )
        home.register(
            home.Panel(
                "assessments_review",
                "assessments/panels/review.html",
                context=review_panel,
                roles=frozenset({"marketing"}),
                order=17,
            )
        )
        todo.register(todo.Source("assessments.review", to_review, frozenset({"marketing"})))
        # After every other module's loader: it turns their breaches into a ledger.
        demo.register(demo.DemoLoader("assessments", load_demo, order=900))
