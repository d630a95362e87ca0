"""The sampling rule of follow-up calls (R-3.8.2) as a pure function.

A record is in the sample when a hash of (seed, kind, record id) falls below the share:
the same data and seed always give the same sample (an auditor can redo it), a new seed
gives another one, and no random state is kept anywhere.
"""

from __future__ import annotations

import hashlib

_SPACE = 2**64


def in_sample(*, seed: int, kind: str, record_id: int, percent: int) -> bool:
    """True when the record falls in the `percent` share drawn with `seed`."""
    digest = hashlib.sha256(f"{seed}:{kind}:{record_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") * 100 < percent * _SPACE
