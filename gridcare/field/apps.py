from django.apps import AppConfig, apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "gridcare.field"
    label = "field"
    verbose_name = _("Field work")

    def ready(self) -> None:
        from gridcare.field.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, home, instants, navigation, todo
        from gridcare.field import (
            panels,
            tasks,  # noqa: F401
        )
        from gridcare.field import todo as todo_sources
        from gridcare.field.demo import load_demo
        from gridcare.field.models import FaultReport
        from gridcare.field.selectors import (
            describe_fault,
            fault_arrival_counts,
            fault_arrival_records,
        )
        from gridcare.field.services.faults import arrival_code
        from gridcare.rules.compliance import register_source
        from gridcare.rules.records import RecordSource, register_records

        instants.register_dated(_("Fault reports"), FaultReport, "reported_at")

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
        for code, template, context, role in (
            ("field_unit_work", "field/panels/unit.html", panels.unit_work, "field_unit"),
            (
                "field_dispatch",
                "field/panels/dispatch.html",
                panels.dispatch_work,
                "dispatch_planner",
            ),
            (
                "field_prodtech",
                "field/panels/prodtech.html",
                panels.prodtech_work,
                "production_technology",
            ),
        ):
            # Ahead of the referrals panel (15): the role's own field work comes first.
            home.register(
                home.Panel(code, template, context=context, roles=frozenset({role}), order=11)
            )
        for code, provider, role in (
            ("field.unit_faults", todo_sources.unit_faults, "field_unit"),
            ("field.unit_inspections", todo_sources.unit_inspections, "field_unit"),
            ("field.faults_to_dispatch", todo_sources.faults_to_dispatch, "dispatch_planner"),
            ("field.outages_to_agree", todo_sources.outages_to_agree, "dispatch_planner"),
            ("field.late_inspections", todo_sources.late_inspections, "production_technology"),
            ("field.patrol_requests", todo_sources.patrol_requests, "production_technology"),
        ):
            todo.register(todo.Source(code, provider, roles=frozenset({role})))
        register_source("field.fault_arrivals", fault_arrival_counts)
        register_records(
            [arrival_code(area) for area in FaultReport.Area.values],
            RecordSource(
                _("fault reports"),
                "field.view_fieldwork",
                fault_arrival_records,
                describe_fault,
            ),
        )
        if apps.is_installed("gridcare.dashboard"):
            from gridcare.dashboard import registry
            from gridcare.field.selectors import inspected_this_half

            # Key-account coverage on the leaders' dashboard: visited, inspected, surveyed.
            registry.register_figure(
                registry.Figure(
                    code="field.inspected",
                    group="coverage",
                    label=_("Key accounts inspected this half year"),
                    value=inspected_this_half,
                    url=lambda date_from, date_to: reverse("field:inspection_list"),
                    order=20,
                )
            )
        # After the customers' and key accounts' loaders: feeders link their customers.
        demo.register(demo.DemoLoader("field", load_demo, order=70))
