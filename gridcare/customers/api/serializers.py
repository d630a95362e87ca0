from __future__ import annotations

from rest_framework import serializers

from gridcare.customers.models import Customer


class CustomerSerializer(serializers.ModelSerializer):
    """A customer as API.md fixes it (at least the fields it names), plus the register's."""

    supply_sources = serializers.ChoiceField(choices=[1, 2], default=1)

    class Meta:
        model = Customer
        fields = [
            "id",
            "account_number",
            "name",
            "category",
            "voltage",
            "supply_sources",
            "town",
            "address",
            "phone",
            "phone_alt",
            "contact_name",
            "contact_phone",
            "annual_consumption_kwh",
            "credit_rating",
            "is_government_body",
            "is_key_project",
            "special_guarantee_need",
            "deposit_paid",
            "is_key_account",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_key_account", "created_at", "updated_at"]
        # Uniqueness is per company and is the service's (and the database's) to decide.
        validators: list[object] = []


class CustomerUpdateSerializer(CustomerSerializer):
    class Meta(CustomerSerializer.Meta):
        read_only_fields = [*CustomerSerializer.Meta.read_only_fields, "account_number"]
