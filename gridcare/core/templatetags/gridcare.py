"""Template helpers shared by every page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from gridcare.core.access import may_open

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


@register.filter
def openable(url: Any, user: Any) -> str:
    """`url` when `user` may open it, else "": a template then shows the figure or name
    without a link, never a link to a page that refuses them (core.access)."""
    return str(url) if url and may_open(user, str(url)) else ""
