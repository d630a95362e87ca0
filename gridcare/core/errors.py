"""Domain errors: a business rule refused a request. Views show the message; the API
answers 400 naming the field (see core.api.errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django import forms


class DomainError(Exception):
    def __init__(self, message: str, *, field: str = "non_field_errors", code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class TransitionError(DomainError):
    """A status change that the record's TRANSITIONS table does not allow."""


def form_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form's field it names, else above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
