from __future__ import annotations

from rest_framework import serializers

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import Decision


class ItemSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(source="clause.number", default=None, read_only=True)
    department = serializers.CharField(source="department.code", default=None, read_only=True)
    staff = serializers.CharField(source="staff.employee_number", default=None, read_only=True)
    evidence = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    rule_version = serializers.IntegerField(source="rule.version", read_only=True, allow_null=True)

    class Meta:
        model = AssessmentItem
        fields = [
            "id",
            "kind",
            "clause",
            "department",
            "staff",
            "evidence",
            "description",
            "occurred_on",
            "rule_version",
            "points_proposed",
            "points",
            "status",
            "review_reason",
            "reviewed_at",
            "appeal_reason",
            "appealed_at",
            "appeal_decision_reason",
            "appeal_decided_at",
            "withdrawn_reason",
        ]
        read_only_fields = fields

    def get_evidence(self, item: AssessmentItem) -> str:
        kind = item.evidence_type
        return f"{kind.app_label}.{kind.model}#{item.evidence_id}"


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    points = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
