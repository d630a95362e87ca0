"""Domain errors: a business rule refused a request. Views show the message; the API
answers 400 naming the field (see core.api.errors)."""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, *, field: str = "non_field_errors", code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class TransitionError(DomainError):
    """A status change that the record's TRANSITIONS table does not allow."""
