"""Template helpers shared by every page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def widget(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with the Bootstrap class that fits its type."""
    w = field.field.widget
    if isinstance(w, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(w, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = w.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def stateof(clock: Any, today: date) -> str:
    """A clock's effective state on `today` (a running clock past due shows breached)."""
    return str(clock.effective_state(today))


@register.simple_tag
def audit_entries(events: Any) -> list[Any]:
    """Audit events as readable lines (who by staff name, what in a sentence):
    `{% audit_entries events as entries %}`."""
    from gridcare.core.audit_actions import entries

    return entries(events or [])
