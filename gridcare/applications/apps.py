from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gridcare.applications"
    label = "applications"
    verbose_name = _("Connection applications")

    def ready(self) -> None:
        from gridcare.applications import (
            generate,  # noqa: F401
            receivers,  # noqa: F401
        )
        from gridcare.applications.audit_actions import register_actions
        from gridcare.applications.demo import load_demo
        from gridcare.applications.models import Application
        from gridcare.applications.records import describe_applications
        from gridcare.applications.selectors import customer_timeline
        from gridcare.applications.todo import my_applications
        from gridcare.applications.views import my_applications_panel
        from gridcare.core import demo, home, instants, navigation, records, todo
        from gridcare.customers import timeline

        navigation.register(
            navigation.NavItem(
                _("Applications"),
                "applications:application_list",
                icon="file-earmark-text",
                permission="applications.view_application",
                order=15,
            )
        )
        home.register(
            home.Panel(
                "my_applications",
                "applications/panels/mine.html",
                context=my_applications_panel,
                roles=frozenset({"counter_clerk", "csc_agent"}),
                order=20,
            )
        )
        todo.register(todo.Source("applications", my_applications))
        timeline.register("applications", customer_timeline)
        records.register(Application, describe_applications)
        register_actions()
        demo.register(demo.DemoLoader("applications", load_demo, order=30))
        instants.register_dated(_("Applications (received)"), Application, "received_at")
        from gridcare.applications.services import EVENTS
        from gridcare.rules.events import register_joint

        for event in EVENTS.values():
            register_joint(event.stops)
