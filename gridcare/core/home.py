"""Home-page panels as data: modules register what each role sees first (ROLES.md).

A panel is a partial template plus a function that returns its context; it shows for the
roles it names (all roles when it names none). Panels are ordered so that work due comes
before figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from gridcare.org.roles import role_codes


@dataclass(frozen=True)
class Panel:
    code: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]] = lambda request: {}
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.code] = panel


def panels_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    roles = role_codes(user)
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.code)):
        if panel.roles and not user.is_superuser and not (panel.roles & roles):
            continue
        shown.append({"code": panel.code, "template": panel.template, **panel.context(request)})
    return shown
