"""How the audit trail of two-step login reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gridcare.core.audit_actions import Field, register
from gridcare.org.roles import ROLES


def role_labels(codes: Any) -> str:
    """Role codes as the roles' names."""
    labels = {role.code: str(role.label) for role in ROLES}
    return pgettext("in a list", ", ").join(labels.get(code, code) for code in codes) or "—"


ROLES_FIELD = Field(_("Roles"), render=role_labels)


def register_actions() -> None:
    register(
        {
            "mfa.policy.changed": _("Two-step login policy changed"),
            "mfa.recovery_codes.regenerated": _("Recovery codes generated again"),
            "mfa.device.enrolled": _("Authenticator app enrolled"),
            "mfa.device.removed": _("Authenticator app removed"),
            "mfa.device.reset": _("Two-step login reset"),
            "mfa.verify.succeeded": _("Two-step login passed"),
            "mfa.verify.failed": _("Two-step login failed"),
            "mfa.verify.throttled": _("Two-step login paused after repeated failures"),
            "mfa.activation.issued": _("Activation code issued"),
            "mfa.activation.failed": _("Wrong activation code"),
        },
        fields={
            "enabled": _("Required"),
            "roles": ROLES_FIELD,
            "include_superusers": _("Superusers included"),
            "method": Field(
                _("Method"),
                {"totp": _("Authenticator app"), "recovery_code": _("Recovery code")},
            ),
            "until": _("Paused until"),
            "failures": _("Failures"),
            "void": _("Code voided"),
            "devices_removed": _("Apps removed"),
        },
    )
