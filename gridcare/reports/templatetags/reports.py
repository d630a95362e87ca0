"""Template helpers of the report: a figure's change against the previous half year."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

ARROWS = {"up": "▲", "down": "▼", "same": "＝"}


@register.filter
def change_of(figure: dict[str, Any]) -> dict[str, Any] | None:
    """{"direction": "up"|"down"|"same", "arrow": "▲", "delta": "+2.5"}, or None when
    either half has no value. Neutral: whether up is good depends on the figure."""
    value, previous = figure.get("value"), figure.get("previous")
    if value is None or previous is None:
        return None
    delta = round(value - previous, 1)
    if delta == int(delta):
        delta = int(delta)
    direction = "up" if delta > 0 else "down" if delta < 0 else "same"
    return {"direction": direction, "arrow": ARROWS[direction], "delta": f"{delta:+}"}


@register.simple_tag
def chart_id(section_code: str, n: int) -> str:
    """The id of a chart's data island: unique on the page, made of safe characters."""
    safe = "".join(c if c.isalnum() else "-" for c in section_code)
    return f"gc-report-{safe}-{n}"
