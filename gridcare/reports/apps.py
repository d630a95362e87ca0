from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gridcare.reports"
    label = "reports"
    verbose_name = _("Analysis reports")

    def ready(self) -> None:
        from gridcare.reports.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, home, navigation
        from gridcare.dashboard import registry as dashboard
        from gridcare.reports import sections
        from gridcare.reports.builtin import SECTIONS
        from gridcare.reports.demo import load_demo
        from gridcare.reports.selectors import dashboard_report
        from gridcare.reports.views import home_panel

        for section in SECTIONS:
            sections.register(section)
        navigation.register(
            navigation.NavItem(
                _("Analysis reports"), "reports:list", icon="file-earmark-bar-graph", order=75
            )
        )
        # Published company-wide: every member of staff sees the latest one.
        home.register(
            home.Panel("reports_latest", "reports/panels/latest.html", context=home_panel, order=60)
        )
        dashboard.register_report(dashboard_report)
        # After every other module's loader (assessments is 900): it reports on their data.
        demo.register(demo.DemoLoader("reports", load_demo, order=950))
