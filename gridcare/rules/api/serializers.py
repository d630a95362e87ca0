from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gridcare.rules.models import Clock


class ClockSerializer(serializers.ModelSerializer):
    """A clock as API.md fixes it."""

    standard = serializers.CharField(source="standard.code")
    clause = serializers.CharField(source="standard.clause.number")
    state = serializers.SerializerMethodField()

    class Meta:
        model = Clock
        fields = ["standard", "clause", "amount", "unit", "due", "state", "provisional"]

    def get_state(self, clock: Clock) -> str:
        return clock.effective_state(timezone.localdate())


class ComplianceQuerySerializer(serializers.Serializer):
    from_ = serializers.DateField(label="from")
    to = serializers.DateField()
    company = serializers.SlugField(required=False, help_text=_("Company code (city level)."))

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start: date = attrs["from"]
        if attrs["to"] < start:
            raise serializers.ValidationError({"to": [_("'to' must not be before 'from'.")]})
        if (attrs["to"] - start).days > 3660:
            raise serializers.ValidationError({"to": [_("The period is at most ten years.")]})
        return attrs


class StandardComplianceSerializer(serializers.Serializer):
    code = serializers.CharField()
    clause = serializers.CharField()
    title = serializers.CharField()
    total = serializers.IntegerField()
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    exempted = serializers.IntegerField()
    running = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ComplianceSerializer(serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()
    standards = StandardComplianceSerializer(many=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields
