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
        from gridcare.core.todo import todo_panel

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
        # The API's reference is for those who connect systems: administrators (integration
        # accounts have no password and read it with their token, not through the menu).
        navigation.register(
            navigation.NavItem(
                _("API"), "api-docs", icon="plug", roles=frozenset({"administrator"}), order=950
            )
        )
        # The to-do comes first on every home; the service policy closes the page
        # so that nobody scrolls past it to reach their work.
        home.register(
            home.Panel("work_due", "core/panels/work_due.html", context=todo_panel, order=1)
        )
        home.register(home.Panel("service_policy", "core/panels/service_policy.html", order=990))
        demo.register(demo.DemoLoader("notifications", load_demo, order=990))
