"""Reads of the two-step login, scoped by company (DESIGN.md convention 2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.org.roles import role_codes
from gridcare.org.selectors import company_ids_visible


def may_administer(user: Any) -> bool:
    """Administrators set the policy and reset authenticators (ROLES.md: "keeps the
    system right", lost phones included)."""
    return bool(user.is_superuser or "administrator" in role_codes(user))


def authenticator_list(*, user: Any, query: str = "") -> QuerySet[TOTPDevice]:
    """Confirmed authenticators of the users the administrator may see."""
    qs = TOTPDevice.objects.filter(confirmed=True).select_related(
        "user", "user__staff", "user__staff__company", "user__staff__department"
    )
    visible = company_ids_visible(user)
    if visible is not None:
        qs = qs.filter(user__staff__company_id__in=visible)
    if query:
        qs = qs.filter(Q(user__username__icontains=query) | Q(user__staff__name__icontains=query))
    return qs


def authenticator_of(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
