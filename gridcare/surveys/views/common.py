"""Small helpers of the survey pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gridcare.org.models import Company
from gridcare.org.selectors import company_for


def require(request: HttpRequest, *permissions: str) -> None:
    """Role layer of the two permission layers (DESIGN.md 9); rows are scoped by the
    selectors (another company's record answers 404)."""
    if not all(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


def acting_company(request: HttpRequest) -> Company:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    return company


def user(request: HttpRequest) -> Any:
    """The signed-in user (the login middleware guarantees one on staff pages)."""
    return request.user
