from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gridcare.core.navigation import menu_for
from gridcare.core.selectors import unread_count
from gridcare.org.selectors import company_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_menu": menu_for(user, request.path),
        "current_company": company_for(user),
        "unread_notifications": unread_count(user=user),
    }
