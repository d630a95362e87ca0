from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "gridcare.rules"
    label = "rules"
    verbose_name = _("Measures and clocks")

    def ready(self) -> None:
        from gridcare.core import home, navigation
        from gridcare.rules import generate, receivers  # noqa: F401
        from gridcare.rules.views import compliance_panel

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
        home.register(
            home.Panel(
                "compliance",
                "rules/panels/compliance.html",
                context=compliance_panel,
                order=50,
            )
        )
