"""A deployment without the enforcing middleware would let a password alone through."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

MIDDLEWARE_PATH = "gridcare.mfa.middleware.SecondStepRequiredMiddleware"


@checks.register(checks.Tags.security, deploy=True)
def middleware_installed(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if MIDDLEWARE_PATH in settings.MIDDLEWARE:
        return []
    return [
        checks.Error(
            "Two-step login is not enforced.",
            hint=f"Add {MIDDLEWARE_PATH!r} to MIDDLEWARE after LoginRequiredMiddleware.",
            id="mfa.E001",
        )
    ]
