"""Who may take an API token (POST /api/v1/auth/token/): modules add gates.

A password alone must not open what another module protects: the two-step login, for
one, refuses the accounts its policy covers. Core knows only that a gate may refuse and
why; the module that owns the rule registers it from its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: A gate answers with the reason the user may not take a token, or None.
TokenGate = Callable[[Any], str | None]

_GATES: list[TokenGate] = []


def register(gate: TokenGate) -> None:
    if gate not in _GATES:
        _GATES.append(gate)


def token_refusal(user: Any) -> str | None:
    """The first gate's reason for refusing `user` a token; None when every gate lets them."""
    for gate in _GATES:
        reason = gate(user)
        if reason:
            return reason
    return None
