from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gridcare.applications.forms import MAX_CAPACITY_KVA
from gridcare.applications.models import Application, ApplicationStep, EnergizationCondition
from gridcare.applications.selectors import verdict
from gridcare.applications.services import EVENTS
from gridcare.rules.api.serializers import ClockSerializer
from gridcare.rules.selectors import clocks_of


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset; a time without one is refused (API.md "General")."""

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, e.g. 2025-03-01T09:30:00+08:00."),
    }

    def to_internal_value(self, value: Any) -> datetime:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                # Well formed but impossible (minute 99): the parent answers "invalid".
                parsed = None
            if parsed is not None and timezone.is_naive(parsed):
                self.fail("naive")
        elif isinstance(value, datetime) and timezone.is_naive(value):
            self.fail("naive")
        return super().to_internal_value(value)


class StepSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationStep
        fields = ["step", "at", "recorded_by", "recorded_at", "note"]

    def get_recorded_by(self, step: ApplicationStep) -> str | None:
        return step.recorded_by.get_username() if step.recorded_by else None


class ConditionSerializer(serializers.ModelSerializer):
    """An energization condition of R-2.11: when it held and who confirmed it."""

    confirmed_by = serializers.SerializerMethodField()

    class Meta:
        model = EnergizationCondition
        fields = ["condition", "at", "confirmed_by", "recorded_at"]

    def get_confirmed_by(self, condition: EnergizationCondition) -> str | None:
        return condition.confirmed_by.get_username() if condition.confirmed_by else None


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as API.md fixes it: id, number, status, clocks, and more."""

    customer = serializers.CharField(source="customer.account_number")
    customer_name = serializers.CharField(source="customer.name")
    responsible_department = serializers.CharField(
        source="responsible_department.name", default=None
    )
    steps = StepSerializer(many=True)
    conditions = ConditionSerializer(many=True)
    clocks = serializers.SerializerMethodField()
    passed = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "kind",
            "residential_lighting",
            "status",
            "received_at",
            "voltage",
            "supply_sources",
            "town",
            "is_key_account",
            "responsible_department",
            "requested_capacity_kva",
            "steps",
            "conditions",
            "clocks",
            "passed",
        ]

    def _clocks(self, application: Application) -> list[Any]:
        rows = getattr(application, "clock_rows", None)
        return rows if rows is not None else clocks_of(application)

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, application: Application) -> list[dict[str, Any]]:
        return ClockSerializer(self._clocks(application), many=True).data  # type: ignore[return-value]

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_passed(self, application: Application) -> bool | None:
        """True when every clock passed, false once one is breached, null while running."""
        return verdict(
            self._clocks(application), timezone.localdate(), finished=application.is_finished
        )


class ApplicationCreateSerializer(serializers.Serializer):
    customer = serializers.CharField(max_length=30, help_text=_("The customer's account number."))
    kind = serializers.ChoiceField(choices=Application.Kind.choices)
    received_at = AwareDateTimeField()
    residential_lighting = serializers.BooleanField(default=False)
    requested_capacity_kva = serializers.IntegerField(
        min_value=1, max_value=MAX_CAPACITY_KVA, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    company = serializers.SlugField(required=False, help_text=_("Company code (city level)."))


class EventSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=sorted(EVENTS))
    at = AwareDateTimeField()
    conditions_met_at = AwareDateTimeField(
        required=False, help_text=_("acceptance_passed only: power-on conditions hold since.")
    )
    procedures_completed_at = AwareDateTimeField(
        required=False, help_text=_("acceptance_passed only: procedures complete since.")
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
