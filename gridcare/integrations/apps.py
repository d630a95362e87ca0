from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "gridcare.integrations"
    label = "integrations"
    verbose_name = _("Integration accounts")

    def ready(self) -> None:
        from gridcare.integrations.audit_actions import register_actions

        register_actions()
        from gridcare.integrations import signals

        signals.connect()
