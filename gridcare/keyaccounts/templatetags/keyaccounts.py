"""Template helpers of the key-account pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridcare.keyaccounts.models import Criterion

register = template.Library()

#: Short labels of the criteria, for badges.
SHORT: dict[str, Any] = {
    Criterion.GOVERNMENT: _("party committee / government"),
    Criterion.LARGE_CONSUMER: _("large consumer, high rating"),
    Criterion.KEY_PROJECT: _("key project"),
    Criterion.SPECIAL_GUARANTEE: _("special guarantee, deposit paid"),
}

VISIT_STATES: dict[str, tuple[str, Any]] = {
    "visited": ("text-bg-success", pgettext_lazy("visit state", "visited")),
    "owed": ("text-bg-primary", pgettext_lazy("visit state", "to visit")),
    "overdue": ("text-bg-danger", pgettext_lazy("visit state", "overdue")),
    "not_owed": ("text-bg-light border", pgettext_lazy("visit state", "not owed this half")),
    "left": ("text-bg-secondary", pgettext_lazy("visit state", "left the list")),
    "none": ("text-bg-light border", "—"),
}


@register.inclusion_tag("keyaccounts/_criteria.html")
def criteria_badges(codes: list[str] | None) -> dict[str, Any]:
    return {"labels": [(code, SHORT.get(code, code)) for code in codes or []]}


@register.inclusion_tag("keyaccounts/_visit_state.html")
def visit_state(state: str) -> dict[str, Any]:
    css, label = VISIT_STATES.get(state, VISIT_STATES["none"])
    return {"css": css, "label": label, "state": state}


@register.filter
def criterion_label(code: str) -> Any:
    return Criterion(code).label if code in Criterion.values else code


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
