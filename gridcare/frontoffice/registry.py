"""What the front office adds to the shared registries: menu entries, home panels, demo
data and compliance sources (called from FrontofficeConfig.ready())."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

CLERK = frozenset({"counter_clerk"})
CSC = frozenset({"csc_agent", "csc_director"})
MATTER_OWNERS = frozenset({"counter_clerk", "csc_agent", "csc_director", "keyaccount_contact"})
RING_WATCHERS = frozenset({"csc_agent", "csc_director", "marketing", "leadership"})
# Menu order: right after home and the compliance matrix, the day's work.
ORDER = {
    "frontoffice:hall_list": 20,
    "frontoffice:matter_list": 21,
    "frontoffice:referral_list": 22,
    "frontoffice:call_rates": 23,
    "frontoffice:callback_list": 24,
    "frontoffice:inspection_list": 25,
    "frontoffice:charge_list": 26,
}


def register_all() -> None:
    from gridcare.core import demo, home, instants, navigation, todo
    from gridcare.core.navigation import NavItem
    from gridcare.frontoffice import (
        activity,
        compliance,  # noqa: F401  (registers the sources)
    )
    from gridcare.frontoffice.models import CallRecord, Matter

    instants.register_dated(_("Calls"), CallRecord, "started_at")
    instants.register_dated(_("Matters (received)"), Matter, "received_at")
    from gridcare.frontoffice.demo import load_demo
    from gridcare.frontoffice.views import panels

    activity.register_all()
    if apps.is_installed("gridcare.dashboard"):
        activity.register_dashboard()
    for item in (
        NavItem(_("Hall queue"), "frontoffice:hall_list", "shop-window", "frontoffice.view_ticket"),
        NavItem(
            _("Matters"), "frontoffice:matter_list", "chat-left-text", "frontoffice.view_matter"
        ),
        NavItem(
            _("Referrals to us"),
            "frontoffice:referral_list",
            "arrow-left-right",
            "frontoffice.answer_referral",
        ),
        NavItem(
            _("Service phone"), "frontoffice:call_rates", "telephone", "frontoffice.view_callrecord"
        ),
        NavItem(
            _("Call backs"),
            "frontoffice:callback_list",
            "telephone-outbound",
            "frontoffice.record_callback",
        ),
        NavItem(
            _("Hall inspections"),
            "frontoffice:inspection_list",
            "clipboard-check",
            "frontoffice.view_hallinspection",
        ),
        NavItem(_("Charges"), "frontoffice:charge_list", "cash-coin", "frontoffice.view_charge"),
    ):
        navigation.register(
            NavItem(
                item.label, item.url_name, item.icon, item.permission, order=ORDER[item.url_name]
            )
        )
    navigation.register(
        NavItem(_("Public service information"), "service:index", "globe", order=940)
    )

    home.register(
        home.Panel(
            "frontoffice_hall",
            "frontoffice/panels/hall.html",
            context=panels.hall_queue,
            roles=CLERK,
            order=12,
        )
    )
    home.register(
        home.Panel(
            "frontoffice_matters",
            "frontoffice/panels/matters.html",
            context=panels.my_matters,
            roles=MATTER_OWNERS,
            order=14,
        )
    )
    home.register(
        home.Panel(
            "frontoffice_callbacks",
            "frontoffice/panels/callbacks.html",
            context=panels.callbacks,
            roles=CSC,
            order=13,
        )
    )
    home.register(
        home.Panel(
            "frontoffice_referrals",
            "frontoffice/panels/referrals.html",
            context=panels.referrals,
            roles=frozenset(
                {
                    "production_technology",
                    "field_unit",
                    "dispatch_planner",
                    "marketing",
                    "csc_director",
                }
            ),
            order=15,
        )
    )
    home.register(
        home.Panel(
            "frontoffice_rings",
            "frontoffice/panels/rings.html",
            context=panels.rings,
            roles=RING_WATCHERS,
            order=40,
        )
    )
    from gridcare.frontoffice import todo as frontoffice_todo

    todo.register(todo.Source("frontoffice.callbacks", frontoffice_todo.callbacks, roles=CSC))
    todo.register(todo.Source("frontoffice.matters", frontoffice_todo.my_matters))
    todo.register(todo.Source("frontoffice.referrals", frontoffice_todo.referrals))
    demo.register(demo.DemoLoader("frontoffice", load_demo, order=60))

    from gridcare.frontoffice.ledger import ledger_installed, sync_proposals

    if ledger_installed():
        from gridcare.assessments import registry as ledger

        ledger.register(ledger.ItemSource("frontoffice", sync_proposals, order=20))
