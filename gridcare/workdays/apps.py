from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gridcare.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from gridcare.workdays.audit_actions import register_actions

        register_actions()
        from gridcare.core import home, navigation, todo
        from gridcare.workdays.panels import horizon_panel
        from gridcare.workdays.todo import next_year

        navigation.register(
            navigation.NavItem(
                _("Working-day calendar"),
                "workdays:year_list",
                icon="calendar3",
                permission="workdays.view_calendaryear",
                order=920,
            )
        )
        # Administrators keep the calendar; they are warned before it runs out (R-CAL-3).
        home.register(
            home.Panel(
                "calendar_horizon",
                "workdays/panels/horizon.html",
                context=horizon_panel,
                roles=frozenset({"administrator"}),
                order=5,
            )
        )
        todo.register(todo.Source("workdays.next_year", next_year, frozenset({"administrator"})))
