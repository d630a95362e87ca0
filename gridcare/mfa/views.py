"""Pages of the two-step login: verification, enrolment, recovery codes, the user's own
page and the administrators' page (issue 9 item 1)."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.pagination import keyset_page
from gridcare.mfa import selectors
from gridcare.mfa.activation import activation_code_issue
from gridcare.mfa.forms import (
    AccountSearchForm,
    ActivationForm,
    CodeForm,
    EnrolForm,
    PolicyForm,
)
from gridcare.mfa.middleware import second_step_exempt
from gridcare.mfa.policy import policy_in_force, required_by_policy
from gridcare.mfa.services import (
    Verification,
    mfa_policy_update,
    new_totp_key,
    recovery_codes_regenerate,
    second_step_disable,
    second_step_reset,
    second_step_verify,
    totp_device_enrol,
)
from gridcare.org.selectors import company_for, staff_list

ENROL_KEY = "mfa_enrol_key"
CODES_KEY = "mfa_recovery_codes"
ISSUER = "GridCare"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next(request)})}"


def _refusal(verification: Verification) -> str:
    if verification.wait_until is not None:
        until = formats.time_format(timezone.localtime(verification.wait_until), "H:i:s")
        return _("Too many wrong codes. Try again after %(time)s.") % {"time": until}
    return _("That code is not valid. Check the time on your phone and try the new code.")


#: Until the second step is passed, the pages say nothing of the account: no menu, no
#: notification count (the context processor's values are overridden by the view's).
PENDING_CHROME = {"nav_menu": [], "unread_notifications": 0}


def _mark_verified(request: HttpRequest, verification: Verification) -> None:
    django_otp.login(request, verification.device)
    # A new session key once the session gains its second factor (ASVS V7.2.4).
    request.session.cycle_key()


@second_step_exempt
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator, or a recovery code."""
    user: Any = request.user
    if user.is_verified():
        return redirect(_next(request))
    if selectors.authenticator_of(user) is None:
        return redirect(_with_next("mfa:enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification = second_step_verify(
            user=user, code=form.cleaned_data["code"], request=request
        )
        if verification.ok:
            _mark_verified(request, verification)
            if verification.method == "recovery_code":
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(n)s are left. "
                        "Make new ones on the two-step login page."
                    )
                    % {"n": selectors.recovery_codes_left(user)},
                )
            return redirect(_next(request))
        form.add_error("code", _refusal(verification))
    return render(
        request, "mfa/verify.html", {"form": form, "next": _next(request), **PENDING_CHROME}
    )


def _otpauth_url(user: Any, key: str) -> str:
    secret = b32encode(unhexlify(key.encode())).decode().rstrip("=")
    label = quote(f"{ISSUER}:{user.get_username()}")
    params = urlencode(
        {"secret": secret, "issuer": ISSUER, "algorithm": "SHA1", "digits": 6, "period": 30}
    )
    return f"otpauth://totp/{label}?{params}"


@second_step_exempt
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with
    the code the app shows. The secret waits in the session until confirmed."""
    user: Any = request.user
    if selectors.authenticator_of(user) is not None:
        return redirect("mfa:account" if user.is_verified() else _with_next("mfa:verify", request))
    key = request.session.get(ENROL_KEY) or new_totp_key()
    request.session[ENROL_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_device_enrol(
                user=user,
                key=key,
                code=form.cleaned_data["code"],
                activation_code=form.cleaned_data["activation_code"],
                request=request,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else "code", error.message)
        else:
            _mark_verified(request, Verification(ok=True, method="totp", device=device))
            del request.session[ENROL_KEY]
            request.session[CODES_KEY] = codes
            return redirect(_with_next("mfa:recovery_codes", request))
    url = _otpauth_url(user, key)
    secret = b32encode(unhexlify(key.encode())).decode().rstrip("=")
    required = required_by_policy(user)
    return render(
        request,
        "mfa/enrol.html",
        {
            **(PENDING_CHROME if required and not user.is_verified() else {}),
            "form": form,
            "next": _next(request),
            "qr_svg": segno.make(url, error="m").svg_inline(
                scale=5, light="#fff", title=_("QR code for the authenticator app")
            ),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": required,
        },
    )


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once (only their hashes are kept)."""
    codes = request.session.pop(CODES_KEY, None)
    if not codes:
        messages.info(request, _("Recovery codes are shown only once. Make new ones if needed."))
        return redirect("mfa:account")
    return render(request, "mfa/recovery_codes.html", {"codes": codes, "next": _next(request)})


def account(request: HttpRequest) -> HttpResponse:
    """The user's own two-step login: set it up, make new recovery codes, turn it off
    (only when their role does not require it). Each change asks for a fresh code."""
    user: Any = request.user
    device = selectors.authenticator_of(user)
    required = required_by_policy(user)
    form = CodeForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST" and device is not None and form.is_valid():
        if action == "disable" and required:
            form.add_error(None, _("Your role must use two-step login; it cannot be turned off."))
        else:
            verification = second_step_verify(
                user=user, code=form.cleaned_data["code"], request=request
            )
            if not verification.ok:
                form.add_error("code", _refusal(verification))
            elif action == "disable":
                second_step_disable(user=user, request=request)
                messages.success(request, _("Two-step login is turned off for your account."))
                return redirect("mfa:account")
            else:
                request.session[CODES_KEY] = recovery_codes_regenerate(user=user, request=request)
                return redirect("mfa:recovery_codes")
    return render(
        request,
        "mfa/account.html",
        {
            "device": device,
            "required": required,
            "codes_left": selectors.recovery_codes_left(user) if device else 0,
            "form": form,
            "action": action,
        },
    )


def administration(request: HttpRequest) -> HttpResponse:
    """Administrators: who must use two-step login in their company, and the
    authenticators set up, each with a reset for a lost phone."""
    user: Any = request.user
    if not selectors.may_administer(user):
        raise PermissionDenied
    company = company_for(user)
    current = policy_in_force(company)
    form = PolicyForm(
        request.POST or None,
        initial={
            "enabled": current.enabled,
            "roles": current.roles,
            "include_superusers": current.include_superusers,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            mfa_policy_update(company=company, actor=user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The two-step login policy was saved."))
            return redirect("mfa:administration")
    search = AccountSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = keyset_page(selectors.authenticator_list(user=user, query=query), request)
    return render(
        request,
        "mfa/administration.html",
        {
            "form": form,
            "company": company,
            "search": search,
            "page": page,
            "activation_form": ActivationForm(),
        },
    )


@require_POST
def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Remove a user's authenticator and recovery codes (lost phone), audited."""
    actor: Any = request.user
    if not selectors.may_administer(actor):
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    # Row permission: only users of a company the administrator may see.
    if not actor.is_superuser and not staff_list(user=actor).filter(user=target).exists():
        raise PermissionDenied
    second_step_reset(target=target, actor=actor, request=request)
    messages.success(
        request,
        _("The authenticator of %(user)s was removed and their sessions ended.")
        % {"user": target.get_username()},
    )
    return redirect("mfa:administration")


@require_POST
def activation(request: HttpRequest) -> HttpResponse:
    """Issue an activation code for a user's enrolment; shown this once, to be handed to
    the user in person or by phone (only its hash is kept)."""
    actor: Any = request.user
    if not selectors.may_administer(actor):
        raise PermissionDenied
    form = ActivationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the username of the account."))
        return redirect("mfa:administration")
    # Row permission: only users of a company the administrator may see; another
    # company's username answers as an unknown one.
    candidates = get_user_model().objects.filter(username=form.cleaned_data["username"])
    if not actor.is_superuser:
        candidates = candidates.filter(staff__in=staff_list(user=actor))
    target = candidates.first()
    if target is None:
        messages.error(request, _("No such account in your company."))
        return redirect("mfa:administration")
    try:
        code = activation_code_issue(target=target, actor=actor, request=request)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("mfa:administration")
    return render(request, "mfa/activation_code.html", {"target": target, "code": code})
