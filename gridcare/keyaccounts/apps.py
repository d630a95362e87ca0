from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class KeyaccountsConfig(AppConfig):
    name = "gridcare.keyaccounts"
    label = "keyaccounts"
    verbose_name = _("Key accounts")

    def ready(self) -> None:
        from gridcare.keyaccounts.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, home, navigation, todo
        from gridcare.customers import timeline
        from gridcare.keyaccounts import compliance, tasks  # noqa: F401
        from gridcare.keyaccounts import todo as todo_sources
        from gridcare.keyaccounts.demo import load_demo
        from gridcare.keyaccounts.panels import desk_panel, round_panel
        from gridcare.keyaccounts.selectors import customer_timeline
        from gridcare.rules.compliance import (
            register_activity,
            register_drilldown,
            register_source,
        )

        navigation.register(
            navigation.NavItem(
                _("My key accounts"),
                "keyaccounts:desk",
                icon="briefcase",
                roles=frozenset({"keyaccount_contact"}),
                order=22,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Key accounts"),
                "keyaccounts:account_list",
                icon="star",
                permission="keyaccounts.view_all_keyaccounts",
                order=23,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Half-year visits"),
                "keyaccounts:half_year_overview",
                icon="calendar2-week",
                permission="keyaccounts.view_all_keyaccounts",
                order=24,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Designation rounds"),
                "keyaccounts:round_list",
                icon="list-stars",
                roles=frozenset({"marketing", "leadership"}),
                order=25,
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Contact changes"),
                "keyaccounts:contact_changes",
                icon="arrow-left-right",
                roles=frozenset({"marketing", "leadership"}),
                order=26,
            )
        )
        home.register(
            home.Panel(
                "keyaccounts_desk",
                "keyaccounts/panels/desk.html",
                context=desk_panel,
                roles=frozenset({"keyaccount_contact"}),
                order=15,
            )
        )
        home.register(
            home.Panel(
                "keyaccounts_round",
                "keyaccounts/panels/round.html",
                context=round_panel,
                roles=frozenset({"marketing", "leadership"}),
                order=16,
            )
        )
        todo.register(
            todo.Source(
                "keyaccounts.contact", todo_sources.contact_work, frozenset({"keyaccount_contact"})
            )
        )
        todo.register(
            todo.Source("keyaccounts.decisions", todo_sources.decisions, frozenset({"leadership"}))
        )
        timeline.register("keyaccounts", customer_timeline)
        # R-3.6.2 and R-3.7.6 measured from the items; the other 3.x clauses' live figures.
        register_source("keyaccounts.items", compliance.item_counts)
        register_drilldown(compliance.KIND_OF_STANDARD, compliance.item_drilldown)
        for number, activity in compliance.ACTIVITIES:
            register_activity(number, activity)
        for module, number, activity in compliance.ACTIVITIES_OF_MODULE:
            if apps.is_installed(f"gridcare.{module}"):
                register_activity(number, activity)
        if apps.is_installed("gridcare.assessments"):
            from gridcare.assessments import registry
            from gridcare.keyaccounts.ledger import sync_proposals

            registry.register(
                registry.ItemSource("keyaccounts.proposals", sync_proposals, order=50)
            )
        # After the customers' demo loader (which gives customers the criteria's flags).
        demo.register(demo.DemoLoader("keyaccounts", load_demo, order=60))
