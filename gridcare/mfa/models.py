"""The two-step login policy as data (issue 9 item 1, ASVS 5.0 V6.3.3 / V6.6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

#: The roles with approval or administration power (ROLES.md): covered unless the policy
#: names others. Every superuser is covered as well (`include_superusers`).
DEFAULT_ROLES = ("marketing", "leadership", "csc_director", "supervision", "administrator")


def default_roles() -> list[str]:
    return list(DEFAULT_ROLES)


class MfaPolicy(models.Model):
    """Who must pass the second step after the password: one row per company, and one
    global row (company empty) for users of a company without its own row and for
    superusers without a company. Changes go through `services.mfa_policy_update`
    (audited)."""

    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("supply company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enabled = models.BooleanField(_("two-step login required"), default=True)
    roles = models.JSONField(_("roles that must use it"), default=default_roles)
    include_superusers = models.BooleanField(_("superusers must use it"), default=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("two-step login policy")
        verbose_name_plural = _("two-step login policies")
        constraints = [
            # One row per company and exactly one global row: NULL would not collide in a
            # plain unique index, so the company is compared as "id or 0".
            models.UniqueConstraint(
                Coalesce("company", models.Value(0)), name="mfa_policy_one_per_scope"
            ),
        ]

    def __str__(self) -> str:
        scope = str(self.company) if self.company_id else str(_("all companies"))
        state = _("required") if self.enabled else _("off")
        return f"{scope}: {state}"

    def covers(self, user: Any, role_codes: set[str]) -> bool:
        """Whether this policy requires the second step of `user` holding `role_codes`."""
        if not self.enabled:
            return False
        if user.is_superuser and self.include_superusers:
            return True
        return bool(set(self.roles) & role_codes)


class ActivationCode(models.Model):
    """The code an administrator gives a user for their first enrolment (and after a
    reset): a password alone must not let its holder bind their own authenticator to
    the account. Kept as a keyed hash, one per user, void after its lifetime or after
    too many wrong tries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mfa_activation_code"
    )
    code_hash = models.CharField(_("code hash"), max_length=64)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    failures = models.PositiveSmallIntegerField(_("wrong tries"), default=0)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self) -> str:
        return f"{self.user} {self.expires_at:%Y-%m-%d %H:%M}"
