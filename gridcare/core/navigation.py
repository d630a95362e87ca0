"""The main menu as data: each entry names the permission or role that shows it.

Modules add their entries in their AppConfig.ready() through `register`, so the menu of
each role is exactly what that role may use (the views check the same permissions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from gridcare.org.roles import role_codes


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    icon: str = "circle"
    permission: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100

    def visible_to(self, user: Any) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        if self.permission and not user.has_perm(self.permission):
            return False
        return not self.roles or bool(self.roles & role_codes(user))


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def menu_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.url_name)):
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
    # One entry is highlighted: the one whose address is the longest start of the page's
    # (the scorecards under /assessments/scorecards/ are not also the ledger's page).
    matches = [
        e
        for e in entries
        if (e["url"] == current_path if e["url"] == "/" else current_path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries
