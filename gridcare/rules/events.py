"""Standards that one event stops (R-PROF): energization stops 2.11's clock and, for a key
account, 3.7.5's. A late event that breaches several of them is one assessment item citing
them all, not one item per standard. Modules register their groups in AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Iterable

_GROUPS: list[frozenset[str]] = []


def register_joint(codes: Iterable[str]) -> None:
    group = frozenset(codes)
    if len(group) > 1 and group not in _GROUPS:
        _GROUPS.append(group)


def joint_codes(code: str) -> frozenset[str]:
    """Every standard code stopped by the same event as `code` (itself included)."""
    return frozenset({code}).union(*(group for group in _GROUPS if code in group))
