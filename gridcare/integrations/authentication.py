"""`Authorization: Token <key>` for the API (docs/security.md V6, "API tokens").

At every use the token must be live (not revoked, not expired), its holder active, and
the holder still allowed a token at all: the gates of core.api.gates (the two-step
login's policy among them) are asked again, so a role or policy change takes effect on
the next request. What the holder may then do is read from their roles at that moment.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from gridcare.core.api import gates
from gridcare.integrations.models import ApiToken
from gridcare.integrations.services import key_hash


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.live().select_related("user").filter(key_hash=key_hash(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        refusal = gates.token_refusal(token.user)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        return token.user, token
