"""Who must pass the second step: the policy in force for a user (issue 9 item 1)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.mfa.models import MfaPolicy
from gridcare.org.models import Company
from gridcare.org.roles import role_codes
from gridcare.org.selectors import staff_of


def policy_in_force(company: Company | int | None) -> MfaPolicy:
    """The company's own row, else the global row, else the built-in default (required
    for the approval and administration roles): a database without rows is never open."""
    company_id = company.pk if isinstance(company, Company) else company
    rows = {
        row.company_id: row
        for row in MfaPolicy.objects.filter(Q(company__isnull=True) | Q(company_id=company_id))
    }
    found = rows.get(company_id) if company_id is not None else None
    return found or rows.get(None) or MfaPolicy(company_id=company_id)


def policy_for(user: Any) -> MfaPolicy:
    staff = staff_of(user)
    return policy_in_force(staff.company_id if staff else None)


def required_by_policy(user: Any) -> bool:
    return policy_for(user).covers(user, role_codes(user))


def has_authenticator(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_step_required(user: Any) -> bool:
    """A user passes the second step when the policy covers them, or when they set up an
    authenticator of their own accord (it then protects their account too)."""
    return required_by_policy(user) or has_authenticator(user)
