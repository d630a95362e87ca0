"""Helpers shared by the front-office pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gridcare.core.errors import DomainError
from gridcare.org.models import Company
from gridcare.org.selectors import company_for


def acting_company(request: HttpRequest) -> Company:
    """The company the user acts for; a user acting for none (a city-level superuser with
    several companies) cannot record front-office work."""
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    return company


def flash_error(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


def bound_period(form_class: type[forms.Form], request: HttpRequest) -> tuple[forms.Form, Any]:
    """The period form and the period it gives: the form as sent when it is valid, else
    the defaults, shown in the form."""
    defaults = form_class({})
    defaults.is_valid()
    if request.GET:
        form = form_class(request.GET)
        if form.is_valid():
            return form, form.cleaned_data
        return form, defaults.cleaned_data
    return form_class(initial=defaults.cleaned_data), defaults.cleaned_data


def chart_json(rows: list[Any]) -> dict[str, Any]:
    """Data for the rates chart (drawn by frontoffice.js from a data- attribute: the
    Content Security Policy forbids inline scripts)."""
    return {
        "labels": [r.label for r in rows],
        "rate": [None if r.rate is None else round(100 * r.rate, 1) for r in rows],
        "met": [r.met for r in rows],
        "breached": [r.breached for r in rows],
        "unanswered": [r.unanswered for r in rows],
    }
