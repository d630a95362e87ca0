"""Helpers of the field views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gridcare.org.models import Company
from gridcare.org.selectors import company_for


def acting_company(request: HttpRequest) -> Company:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    return company
