from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = "gridcare.mfa"
    label = "mfa"
    verbose_name = _("Two-step login")

    def ready(self) -> None:
        from gridcare.mfa.audit_actions import register_actions

        register_actions()
        from gridcare.core import demo, navigation
        from gridcare.core.api import gates
        from gridcare.mfa import checks  # noqa: F401
        from gridcare.mfa.demo import load_demo
        from gridcare.mfa.gates import token_refusal

        gates.register(token_refusal)

        navigation.register(
            navigation.NavItem(_("Two-step login"), "mfa:account", icon="shield-lock", order=960)
        )
        navigation.register(
            navigation.NavItem(
                _("Two-step login policy"),
                "mfa:administration",
                icon="shield-check",
                roles=frozenset({"administrator"}),
                order=905,
            )
        )
        # Late: after every module's demo data, so nothing that runs before it depends
        # on the switch.
        demo.register(demo.DemoLoader("mfa", load_demo, order=950))
