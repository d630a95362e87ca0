"""Template helpers shared by every page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template
from django.utils import timezone
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


#: Filters shown at once above a list; the others wait behind "more filters".
PRIMARY_FILTERS = 4


@register.simple_tag
def filter_groups(form: forms.Form) -> dict[str, Any]:
    """A filter form's visible fields split into the first few and the rest, the rest
    opened when one of them holds a value (so a filtered list shows why)."""
    fields = form.visible_fields()
    more = fields[PRIMARY_FILTERS:]
    return {
        "primary": fields[:PRIMARY_FILTERS],
        "more": more,
        "more_active": any(field.value() not in (None, "", [], "unknown") for field in more)
        or any(field.errors for field in more),
    }


@register.filter
def day(value: date | None) -> str:
    """A date as month-day in the current year, with its year otherwise (an item overdue
    since February of last year must not read as this February)."""
    if not value:
        return ""
    if value.year == timezone.localdate().year:
        return value.strftime("%m-%d")
    return value.isoformat()


@register.simple_tag
def audit_entries(events: Any) -> list[Any]:
    """Audit events as readable lines (who by staff name, what in a sentence):
    `{% audit_entries events as entries %}`."""
    from gridcare.core.audit_actions import entries

    return entries(events or [])


@register.filter
def openable(url: Any, user: Any) -> str:
    """`url` when `user` may open it, else "": a template then shows the figure or name
    without a link, never a link to a page that refuses them (core.access)."""
    return str(url) if url and may_open(user, str(url)) else ""
