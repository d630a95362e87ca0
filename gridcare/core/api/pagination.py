from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model
from rest_framework import pagination
from rest_framework.exceptions import NotFound

from gridcare.core.query import MAX_ID


class CursorPagination(pagination.CursorPagination):
    """Every API list is cursor-paginated (API.md): no COUNT, no unbounded list.

    A cursor is opaque to clients, but it is only base64: a tampered position (not a
    value of the ordering field, or past its column) answers 404 "Invalid cursor", as a
    malformed cursor does, instead of failing in the database query."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self._model: type[Model] = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Any) -> Any:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: Any) -> None:
        name = self.ordering[0].lstrip("-") if self.ordering else "id"
        try:
            field = self._model._meta.get_field("pk" if name == "pk" else name)
        except FieldDoesNotExist:
            field = self._model._meta.pk
        if not isinstance(field, Field):
            return
        try:
            value = field.to_python(position)
        except ValidationError as error:
            raise NotFound(self.invalid_cursor_message) from error
        if isinstance(value, int) and abs(value) > MAX_ID:
            raise NotFound(self.invalid_cursor_message)
