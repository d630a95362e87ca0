"""Activation codes for enrolment in two-step login (docs/security.md V6).

Without them the first enrolment would bind whoever holds the password first: a stolen
password plus a quick enrolment, and the thief's phone becomes the account's second
factor. An administrator (or, for a deployment administrator, `manage.py
mfa_activation_code`) issues a code and hands it to the user; enrolment needs it, and
the user is told by email when a code is issued and when an authenticator is set up.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log, notify
from gridcare.mfa.models import ActivationCode
from gridcare.mfa.policy import has_authenticator
from gridcare.org.selectors import staff_of

#: Long enough to reach the user by hand, short enough not to lie about.
LIFETIME = timedelta(hours=72)
#: Wrong tries after which the code is void and a new one must be issued.
FAILURE_LIMIT = 5
LENGTH = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(user_id: int, code: str) -> str:
    return salted_hmac(
        "gridcare.mfa.activation_code", f"{user_id}:{_normalise(code)}", algorithm="sha256"
    ).hexdigest()


def _company(user: Any) -> Any:
    staff = staff_of(user)
    return staff.company if staff else None


@transaction.atomic
def activation_code_issue(
    *, target: User, actor: User | None, request: HttpRequest | None = None
) -> str:
    """A new activation code for `target` (the previous one stops working); the code, to
    be shown once to the administrator who hands it over."""
    if actor is not None and actor.pk == target.pk:
        raise DomainError(_("Ask another administrator for your activation code."), field="user")
    if has_authenticator(target):
        raise DomainError(
            _("This account has an authenticator; reset it first if the phone is lost."),
            field="user",
        )
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    now = timezone.now()
    ActivationCode.objects.update_or_create(
        user=target,
        defaults={
            "code_hash": _hash(target.pk, code),
            "issued_at": now,
            "expires_at": now + LIFETIME,
            "issued_by": actor,
            "failures": 0,
        },
    )
    audit_log(
        action="mfa.activation.issued",
        actor=actor,
        obj=target,
        company=_company(target),
        request=request,
    )
    notify(
        recipient=target,
        key=f"mfa.activation.{target.pk}.{now.timestamp()}",
        title=_("An activation code for two-step login was issued for your account"),
        body=_(
            "An administrator issued the code you need to set up two-step login. If you "
            "did not ask for it, tell your administrator at once."
        ),
        url=reverse("mfa:enrol"),
    )
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def activation_code_check(*, user: User, code: str, request: HttpRequest | None = None) -> None:
    """Raise DomainError (field `activation_code`) unless `code` is the user's live code.
    A wrong try is counted and kept even though the enrolment fails."""
    with transaction.atomic():
        row = ActivationCode.objects.select_for_update().filter(user=user).first()
        if row is None or row.expires_at <= timezone.now():
            raise DomainError(
                _("No valid activation code: ask your administrator for one."),
                field="activation_code",
            )
        if constant_time_compare(row.code_hash, _hash(user.pk, code)):
            return
        row.failures += 1
        void = row.failures >= FAILURE_LIMIT
        if void:
            row.delete()
        else:
            row.save(update_fields=["failures"])
        audit_log(
            action="mfa.activation.failed",
            actor=user,
            obj=user,
            company=_company(user),
            payload={"failures": row.failures, "void": void},
            request=request,
        )
    raise DomainError(
        _("That activation code is not right.")
        if not void
        else _("Too many wrong activation codes: ask your administrator for a new one."),
        field="activation_code",
    )


def activation_code_consume(*, user: User) -> None:
    """After a successful enrolment (inside its transaction): the code is spent and the
    user is told an authenticator was set up."""
    ActivationCode.objects.filter(user=user).delete()
    notify(
        recipient=user,
        key=f"mfa.enrolled.{user.pk}.{timezone.now().timestamp()}",
        title=_("Two-step login was set up for your account"),
        body=_(
            "An authenticator app was just linked to your account. If this was not you, "
            "tell your administrator at once."
        ),
        url=reverse("mfa:account"),
    )
