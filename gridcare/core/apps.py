from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gridcare.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Login, failure and lockout events are audited (issue: foundation, ASVS 7.x).
        from gridcare.core import adminsite, audit_actions, demo, home, navigation, signals  # noqa: F401
        from gridcare.core.digest import load_demo

        audit_actions.register_core()
        adminsite.name_lockout_app()

        navigation.register(navigation.NavItem(_("Home"), "home", icon="house", order=0))
        navigation.register(
            navigation.NavItem(
                _("Audit search"),
                "core:audit_search",
                icon="journal-text",
                permission="core.view_auditevent",
                order=900,
            )
        )
        navigation.register(navigation.NavItem(_("API"), "api-docs", icon="plug", order=950))
        home.register(home.Panel("service_policy", "core/panels/service_policy.html", order=0))
        home.register(home.Panel("work_due", "core/panels/work_due.html", order=10))
        demo.register(demo.DemoLoader("notifications", load_demo, order=990))
