"""The two-step login's gate on API tokens (issue 9 item 1): a password alone must not
give an account under the policy what the second step protects."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gridcare.mfa import policy


def token_refusal(user: Any) -> str | None:
    # Looked up on the module at call time: the policy is read per request.
    if policy.second_step_required(user):
        return _(
            "This account signs in with two-step login and cannot take an API token; use "
            "an integration account."
        )
    return None
