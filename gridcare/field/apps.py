from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "gridcare.field"
    label = "field"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from gridcare.core import demo, navigation
        from gridcare.field import tasks  # noqa: F401
        from gridcare.field.demo import load_demo
        from gridcare.field.selectors import fault_arrival_counts
        from gridcare.rules.compliance import register_source

        for label, url, icon, perm, order in (
            (_("Outages"), "field:outage_list", "lightning", "field.view_fieldwork", 40),
            (_("Fault reports"), "field:fault_list", "tools", "field.view_fieldwork", 41),
            (
                _("Inspections"),
                "field:inspection_list",
                "clipboard-check",
                "field.view_fieldwork",
                42,
            ),
            (
                _("Patrol requests"),
                "field:patrol_queue",
                "shield-check",
                "field.plan_inspection",
                43,
            ),
        ):
            navigation.register(
                navigation.NavItem(label, url, icon=icon, permission=perm, order=order)
            )
        register_source("field.fault_arrivals", fault_arrival_counts)
        # After the customers' and key accounts' loaders: feeders link their customers.
        demo.register(demo.DemoLoader("field", load_demo, order=70))
