"""The one place that decides between a whole page and an htmx fragment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, fragment: str | None = None
) -> HttpResponse:
    """Render `template`, or only `fragment` (a partial template) for an htmx request
    that targets it, so a filter or a "more" button swaps just the list."""
    if fragment and getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, fragment, context)
    return render(request, template, context)
