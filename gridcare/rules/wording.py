"""Words for what a standard applies to: `{"voltage": "high", "supply_sources": 2}` reads
"高壓, 雙電源" on the page, never as the stored keys and values (R-4.3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _labels() -> dict[str, dict[Any, str]]:
    return {
        "voltage": {
            "low": _("low voltage"),
            "10kv": _("10 kV"),
            "high": _("high voltage"),
        },
        "supply_sources": {1: _("single supply source"), 2: _("dual supply sources")},
        "residential_lighting": {
            True: _("residential lighting"),
            False: _("other than residential lighting"),
        },
        "is_key_account": {True: _("key account"), False: _("not a key account")},
        "outage_type": {"planned": _("planned outage"), "temporary": _("temporary outage")},
    }


#: What the page says when a standard applies to every subject.
EVERY_SUBJECT = gettext_lazy("any subject")


def applicability(applies_to: Mapping[str, Any] | None) -> str:
    """The conditions of a standard in words, joined by commas; "any subject" when none."""
    if not applies_to:
        return str(EVERY_SUBJECT)
    labels = _labels()
    words = []
    for key, value in applies_to.items():
        label = labels.get(key, {}).get(value)
        words.append(label if label is not None else f"{key.replace('_', ' ')} {value}")
    return _(", ").join(words)
