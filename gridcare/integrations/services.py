"""Writes of API tokens and integration accounts: keyword-only, one transaction, audited.

A token's key is shown once, when it is made; only its SHA-256 is stored (the key is 256
random bits, so a fast hash is enough: there is nothing to guess from a list of words).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gridcare.core.api import gates
from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.integrations.models import ApiToken, IntegrationAccount
from gridcare.org.models import Company, Department, Position, Staff
from gridcare.org.roles import ROLE_BY_CODE
from gridcare.org.selectors import staff_of

PREFIX_LENGTH = 8
DEPARTMENT_CODE = "integrations"
POSITION_CODE = "integration"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _company_of(user: Any) -> Company | None:
    staff = staff_of(user)
    return staff.company if staff else None


def api_tokens_revoke(*, user: Any, reason: str, actor: Any = None) -> int:
    """Revoke every live token of `user` (roles, enrolment or sessions reset, a rotation);
    the number revoked. Audited when there was any."""
    with transaction.atomic():
        count = (
            ApiToken.objects.live()
            .filter(user=user)
            .update(revoked_at=timezone.now(), revoked_reason=reason)
        )
        if count:
            audit_log(
                action="integrations.token.revoked",
                actor=actor,
                obj=user,
                company=_company_of(user),
                payload={"reason": reason, "count": count},
            )
    return count


def api_token_issue(
    *, user: Any, actor: Any = None, request: HttpRequest | None = None, reason: str = "replaced"
) -> str:
    """A new token for `user`, replacing their live ones; the key, to be shown once. It
    expires after API_TOKEN_DAYS."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        api_tokens_revoke(user=user, reason=reason, actor=actor)
        token = ApiToken.objects.create(
            user=user,
            key_hash=key_hash(key),
            prefix=key[:PREFIX_LENGTH],
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_log(
            action="core.auth.token_issued",
            actor=actor,
            obj=user,
            company=_company_of(user),
            payload={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
            request=request,
        )
    return key


def _integration_department(company: Company) -> tuple[Department, Position]:
    with translation.override(settings.LANGUAGE_CODE):
        department, _created = Department.objects.get_or_create(
            company=company,
            code=DEPARTMENT_CODE,
            defaults={"name": _("Integration accounts"), "kind": Department.Kind.OTHER},
        )
        position, _created = Position.objects.get_or_create(
            code=POSITION_CODE,
            defaults={"name": _("Integration account"), "kind": Position.Kind.STAFF},
        )
    return department, position


def integration_account_create(
    *, name: str, company: Company, roles: list[str], actor: Any = None
) -> tuple[IntegrationAccount, str]:
    """An account for another system, bound to `company`, holding `roles`, without a
    password; returns it and its first token (to be printed once)."""
    user_model = get_user_model()
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="name") from error
    if user_model.objects.filter(username=name).exists():
        raise DomainError(
            _("An account named %(name)s exists already.") % {"name": name}, field="name"
        )
    unknown = sorted(set(roles) - set(ROLE_BY_CODE))
    if unknown or not roles:
        raise DomainError(
            _("Name at least one role; unknown: %(roles)s.") % {"roles": ", ".join(unknown)},
            field="roles",
        )
    with transaction.atomic():
        user = user_model.objects.create_user(username=name, password=None)
        user.groups.set(Group.objects.filter(name__in=roles))
        # A role under the two-step policy could never use its token: refuse it now.
        refusal = gates.token_refusal(user)
        if refusal:
            raise DomainError(refusal, field="roles")
        department, position = _integration_department(company)
        Staff.objects.create(
            user=user,
            company=company,
            department=department,
            position=position,
            employee_number=f"API-{user.pk}",
            name=name,
        )
        account = IntegrationAccount.objects.create(user=user, company=company)
        audit_log(
            action="integrations.account.created",
            actor=actor,
            obj=account,
            company=company,
            payload={"roles": sorted(roles)},
        )
        key = api_token_issue(user=user, actor=actor)
    return account, key


def integration_account_rotate(*, account: IntegrationAccount, actor: Any = None) -> str:
    """A new token for the account; the old one stops working at once."""
    return api_token_issue(user=account.user, actor=actor, reason="rotated")


def integration_account_revoke(*, account: IntegrationAccount, actor: Any = None) -> int:
    """Every token of the account stops working; `rotate` gives it a new one."""
    return api_tokens_revoke(user=account.user, reason="revoked", actor=actor)
