"""Writes of the two-step login: policy, enrolment, verification, recovery codes, reset.

Issue 9 item 1; ASVS 5.0 V6.3.3 (second factor for privileged roles), V6.5.1/6.5.2
(one-time codes used once, recovery codes stored hashed), V6.3.1 (attempts throttled),
V16.3.1 (every success and failure audited).
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log, session_end_all
from gridcare.mfa.activation import activation_code_check, activation_code_consume
from gridcare.mfa.models import MfaPolicy
from gridcare.mfa.policy import policy_in_force, required_by_policy
from gridcare.org.models import Company
from gridcare.org.roles import ROLE_BY_CODE
from gridcare.org.selectors import staff_of

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
# No 0/O, 1/l/i: the codes are read off paper and typed by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_DIGITS = 6
#: Consecutive wrong codes that lock the second step for the login cool-off time (the same
#: figures as the password lockout); between failures django_otp's own exponential delay
#: (1, 2, 4, 8 … seconds) applies as well.
FAILURE_LIMIT: int = settings.AXES_FAILURE_LIMIT


def _company(user: Any) -> Company | None:
    staff = staff_of(user)
    return staff.company if staff else None


# --- policy -----------------------------------------------------------------------------


def _policy_state(policy: MfaPolicy) -> dict[str, Any]:
    return {
        "enabled": policy.enabled,
        "roles": sorted(policy.roles),
        "include_superusers": policy.include_superusers,
    }


@transaction.atomic
def mfa_policy_update(
    *,
    company: Company | None,
    enabled: bool,
    roles: list[str],
    include_superusers: bool,
    actor: User | None,
) -> MfaPolicy:
    """Set who must use two-step login in `company` (None: the global row)."""
    unknown = sorted(set(roles) - set(ROLE_BY_CODE))
    if unknown:
        raise DomainError(
            _("Unknown roles: %(roles)s.") % {"roles": ", ".join(unknown)}, field="roles"
        )
    if enabled and not roles and not include_superusers:
        raise DomainError(
            _("Choose at least one role, or turn the requirement off."), field="roles"
        )
    before = _policy_state(policy_in_force(company))
    policy, _created = MfaPolicy.objects.update_or_create(
        company=company,
        defaults={
            "enabled": enabled,
            "roles": sorted(set(roles)),
            "include_superusers": include_superusers,
            "updated_at": timezone.now(),
            "updated_by": actor,
        },
    )
    audit_log(
        action="mfa.policy.changed",
        actor=actor,
        obj=policy,
        company=company,
        payload={"from": before, "to": _policy_state(policy)},
    )
    return policy


# --- recovery codes ---------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Codes are accepted with spaces, dashes and in either case."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_hash(*, user_id: int, code: str) -> str:
    """What is stored for a recovery code: a keyed hash (SECRET_KEY, per user), cut to the
    16 characters django_otp's StaticToken holds (80 bits). The plugin itself stores codes
    in clear; a database copy alone then reveals none."""
    digest = salted_hmac(
        "gridcare.mfa.recovery_code", f"{user_id}:{normalise_code(code)}", algorithm="sha256"
    ).digest()
    return b32encode(digest).decode()[:16].lower()


def _recovery_codes_replace(user: User) -> list[str]:
    # The device is kept (its tokens replaced): a session verified by a recovery code
    # refers to it and stays verified.
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_hash(user_id=user.pk, code=code))
        for code in codes
    )
    half = RECOVERY_CODE_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


@transaction.atomic
def recovery_codes_regenerate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """New recovery codes; the old ones stop working. The caller has checked a fresh code."""
    codes = _recovery_codes_replace(user)
    audit_log(
        action="mfa.recovery_codes.regenerated",
        actor=user,
        obj=user,
        company=_company(user),
        request=request,
    )
    return codes


# --- enrolment --------------------------------------------------------------------------


def new_totp_key() -> str:
    """A fresh secret (hex, as TOTPDevice stores it); kept in the session until confirmed,
    so an abandoned enrolment leaves no row behind."""
    return TOTPDevice._meta.get_field("key").get_default()  # type: ignore[no-any-return]


def totp_device_enrol(
    *,
    user: User,
    key: str,
    code: str,
    activation_code: str,
    request: HttpRequest | None = None,
) -> tuple[TOTPDevice, list[str]]:
    """Confirm an authenticator: the activation code an administrator issued must be
    right (a wrong one is counted, outside the enrolment's transaction) and the code the
    app shows must match the key. Returns the device and the recovery codes (in clear,
    to be shown once); the user is told by email."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("An authenticator is already set up for this account."))
    activation_code_check(user=user, code=activation_code, request=request)
    with transaction.atomic():
        return _totp_device_confirm(user=user, key=key, code=code, request=request)


def _totp_device_confirm(
    *, user: User, key: str, code: str, request: HttpRequest | None
) -> tuple[TOTPDevice, list[str]]:
    value = normalise_code(code)
    totp = TOTP(unhexlify(key.encode()), digits=TOTP_DIGITS)
    totp.time = time.time()
    if not (value.isdigit() and totp.verify(int(value), tolerance=1)):
        raise DomainError(
            _("That code does not match. Enter the 6 digits your app shows now."), field="code"
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name="authenticator",
        key=key,
        digits=TOTP_DIGITS,
        drift=totp.drift,
        # The code just used is spent: it cannot also pass the verification page.
        last_t=totp.t(),
        confirmed=True,
    )
    codes = _recovery_codes_replace(user)
    activation_code_consume(user=user)
    audit_log(
        action="mfa.device.enrolled",
        actor=user,
        obj=user,
        company=_company(user),
        request=request,
    )
    return device, codes


# --- verification -----------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    method: str = ""
    device: Device | None = None
    wait_until: datetime | None = None


def _wait_until(devices: list[Any]) -> datetime | None:
    """When the next attempt is allowed, if not now: django_otp's exponential delay, and
    the cool-off after FAILURE_LIMIT consecutive failures."""
    now = timezone.now()
    latest: datetime | None = None
    for device in devices:
        allowed, info = device.verify_is_allowed()
        candidates = [] if allowed else [(info or {}).get("locked_until")]
        if device.throttling_failure_count >= FAILURE_LIMIT and device.throttling_failure_timestamp:
            candidates.append(device.throttling_failure_timestamp + settings.AXES_COOLOFF_TIME)
        for until in candidates:
            if until is not None and until > now and (latest is None or until > latest):
                latest = until
    return latest


def second_step_verify(
    *, user: User, code: str, request: HttpRequest | None = None
) -> Verification:
    """Check a code from the authenticator (6 digits, each usable once) or a recovery code
    (used up on success). Failures are counted on the devices (row-locked, so parallel
    guesses are counted too) and audited; the caller marks the session verified."""
    value = normalise_code(code)
    company = _company(user)
    with transaction.atomic():
        totp = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
        static = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
        devices: list[Any] = [*totp, *static]
        if not totp:
            return Verification(ok=False)
        method = "totp" if value.isdigit() and len(value) == TOTP_DIGITS else "recovery_code"
        wait_until = _wait_until(devices)
        if wait_until is not None:
            audit_log(
                action="mfa.verify.throttled",
                actor=user,
                obj=user,
                company=company,
                payload={"method": method, "until": wait_until.isoformat()},
                request=request,
            )
            return Verification(ok=False, method=method, wait_until=wait_until)
        if method == "totp":
            candidates, token = totp, value
        else:
            candidates, token = static, recovery_code_hash(user_id=user.pk, code=value)
        for device in candidates:
            if device.verify_token(token):
                for other in devices:
                    if other is not device and other.throttling_failure_count:
                        other.throttle_reset()
                audit_log(
                    action="mfa.verify.succeeded",
                    actor=user,
                    obj=user,
                    company=company,
                    payload={"method": method},
                    request=request,
                )
                return Verification(ok=True, method=method, device=device)
        if not candidates:
            # A recovery code for an account without any left still counts as a guess.
            totp[0].throttle_increment()
        failures = max(device.throttling_failure_count for device in devices)
        audit_log(
            action="mfa.verify.failed",
            actor=user,
            obj=user,
            company=company,
            payload={"method": method, "failures": failures},
            request=request,
        )
        return Verification(ok=False, method=method)


# --- removal ----------------------------------------------------------------------------


def _devices_delete(user: User) -> int:
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    return deleted + StaticDevice.objects.filter(user=user).delete()[0]


@transaction.atomic
def second_step_disable(*, user: User, request: HttpRequest | None = None) -> None:
    """A user not covered by the policy turns their own two-step login off (the caller has
    checked a fresh code)."""
    if required_by_policy(user):
        raise DomainError(_("Your role must use two-step login; it cannot be turned off."))
    _devices_delete(user)
    audit_log(
        action="mfa.device.removed", actor=user, obj=user, company=_company(user), request=request
    )


@transaction.atomic
def second_step_reset(*, target: User, actor: User, request: HttpRequest | None = None) -> None:
    """An administrator removes a user's authenticator and recovery codes (a lost phone):
    every session of the user ends too, since the phone may hold one; at the next login
    the user sets up a new authenticator if their role requires it."""
    removed = _devices_delete(target)
    audit_log(
        action="mfa.device.reset",
        actor=actor,
        obj=target,
        company=_company(target),
        payload={"devices_removed": removed},
        request=request,
    )
    session_end_all(user=target, actor=actor)
