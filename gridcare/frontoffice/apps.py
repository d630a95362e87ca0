from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontofficeConfig(AppConfig):
    name = "gridcare.frontoffice"
    label = "frontoffice"
    verbose_name = _("Front office")

    def ready(self) -> None:
        from gridcare.frontoffice.audit_actions import register_actions

        register_actions()
        from gridcare.frontoffice import (
            generate,  # noqa: F401
            registry,
        )

        registry.register_all()
