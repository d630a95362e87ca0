"""The key-account list of the API: the same rows and filters as the list page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from gridcare.keyaccounts.halves import half_label


class KeyAccountSerializer(serializers.Serializer):
    account_number = serializers.CharField()
    name = serializers.CharField()
    since = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    half_year = serializers.SerializerMethodField()
    visit = serializers.SerializerMethodField()
    visited_on = serializers.SerializerMethodField()
    open_items = serializers.IntegerField(source="ka_open_items")
    overdue_items = serializers.IntegerField(source="ka_overdue_items")

    def get_since(self, obj: Any) -> str | None:
        designation = obj.ka_designation
        return designation.valid_from.isoformat() if designation else None

    def get_criteria(self, obj: Any) -> list[str]:
        return list(obj.ka_criteria)

    def get_contact(self, obj: Any) -> dict[str, str] | None:
        contact = obj.ka_contact
        if contact is None:
            return None
        return {"name": contact.name, "department": contact.department.name}

    def get_half_year(self, obj: Any) -> str:
        return half_label(timezone.localdate())

    def get_visit(self, obj: Any) -> str:
        """visited | owed | overdue | not_owed | left | none (see selectors.half_state)."""
        return str(obj.ka_half_state)

    def get_visited_on(self, obj: Any) -> str | None:
        row = obj.ka_half
        return row.visited_on.isoformat() if row and row.visited_on else None
