"""Demo: the two-step login policy is switched OFF for the demo company, so the printed
demo logins work with the password alone. A production install keeps the policy seeded ON
by migration 0002; this runs only through `manage.py demo` (refused with DEBUG off)."""

from __future__ import annotations

from gridcare.mfa.policy import policy_in_force
from gridcare.mfa.services import mfa_policy_update
from gridcare.org.models import Company


def load_demo(company: Company) -> str:
    current = policy_in_force(company)
    if current.pk is not None and current.company_id == company.pk and not current.enabled:
        return f"two-step login already OFF for {company.name} (demo logins: password only)."
    mfa_policy_update(
        company=company,
        enabled=False,
        roles=list(current.roles),
        include_superusers=current.include_superusers,
        actor=None,
    )
    return (
        f"two-step login switched OFF for {company.name} so demo logins need only the "
        "password (audited as mfa.policy.changed); other companies keep the policy."
    )
