from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "gridcare.rules"
    label = "rules"
    verbose_name = _("Measures and clocks")

    def ready(self) -> None:
        from gridcare.core import demo, health, home, navigation
        from gridcare.rules import generate, receivers  # noqa: F401
        from gridcare.rules.audit_actions import register_actions
        from gridcare.rules.demo import load_demo
        from gridcare.rules.selectors import sweep_health
        from gridcare.rules.views import compliance_panel

        register_actions()

        health.register_detail("clock_sweep", sweep_health)
        demo.register(demo.DemoLoader("rules", load_demo, order=10))
        navigation.register(
            navigation.NavItem(
                _("Compliance matrix"), "rules:compliance_matrix", icon="clipboard-data", order=5
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Service standards"),
                "rules:standard_list",
                icon="sliders",
                permission="rules.view_servicestandard",
                order=800,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Clock sweep"),
                "rules:sweep_runs",
                icon="arrow-repeat",
                permission="rules.view_sweeprun",
                order=810,
            )
        )
        # The company's table of every standard is read by those who steer and check the
        # service; the others act on their own work (their to-do and their panels).
        home.register(
            home.Panel(
                "compliance",
                "rules/panels/compliance.html",
                context=compliance_panel,
                roles=frozenset({"leadership", "marketing", "supervision"}),
                order=50,
            )
        )
