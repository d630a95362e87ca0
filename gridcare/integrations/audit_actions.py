"""How the audit trail of integration accounts reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import register
from gridcare.mfa.audit_actions import ROLES_FIELD


def register_actions() -> None:
    register(
        {
            "integrations.account.created": _("Integration account created"),
            "integrations.token.revoked": _("API tokens revoked"),
        },
        fields={"roles": ROLES_FIELD},
    )
