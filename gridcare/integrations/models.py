"""Integration accounts and API tokens (docs/security.md V6, "API tokens").

Another system (billing, the phone system, the city company) talks to the API through an
integration account: a user bound to one company, holding only the roles it needs, with
no password. Its token, and the token a member of staff takes at
POST /api/v1/auth/token/, is kept as a SHA-256 hash only, expires, and is revoked when
the holder's roles, two-step enrolment or sessions are reset.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IntegrationAccount(models.Model):
    """Another system's account. Its user has a staff record in the company (so the row
    scope of every module applies to it as to a person) and an unusable password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="integration_account",
    )
    company = models.ForeignKey(
        "org.Company", verbose_name=_("supply company"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("integration account")
        verbose_name_plural = _("integration accounts")
        ordering = ["company", "user__username"]

    def __str__(self) -> str:
        return self.user.get_username()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """One API token. Only the hash of the key is stored; `prefix` (its first characters)
    tells tokens apart in lists without revealing them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("key prefix"), max_length=8)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=40, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="integrations_token_user")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="integrations_token_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"
