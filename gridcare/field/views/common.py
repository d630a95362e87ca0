"""Helpers of the field views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gridcare.core.errors import DomainError
from gridcare.org.models import Company
from gridcare.org.selectors import company_for


def acting_company(request: HttpRequest) -> Company:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    return company


def form_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the field it names (or on the form)."""
    field: Any = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
