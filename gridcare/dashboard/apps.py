from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "gridcare.dashboard"
    label = "dashboard"
    verbose_name = _("Leaders' dashboard")

    def ready(self) -> None:
        from gridcare.core import home, navigation
        from gridcare.dashboard.views import summary_panel

        navigation.register(
            navigation.NavItem(
                _("Leaders' dashboard"),
                "dashboard:dashboard",
                icon="speedometer2",
                permission="assessments.view_dashboard",
                order=4,
            )
        )
        home.register(
            home.Panel(
                "dashboard_summary",
                "dashboard/panels/summary.html",
                context=summary_panel,
                roles=frozenset({"leadership", "marketing", "supervision"}),
                order=8,
            )
        )
