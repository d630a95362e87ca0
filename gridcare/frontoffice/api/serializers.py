from __future__ import annotations

from rest_framework import serializers

from gridcare.core.uploads import MaxUploadSize, TextFile
from gridcare.frontoffice.models import CallRecord


class CallImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="An Asterisk Master.csv (cdr_csv), no header, at most UPLOAD_MAX_BYTES.",
        validators=[MaxUploadSize(), TextFile()],
    )


class RejectedLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    error = serializers.CharField()


class CallImportResultSerializer(serializers.Serializer):
    """API.md: {"imported", "duplicates", "rejected": [{"line", "error"}, ...]}."""

    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = RejectedLineSerializer(many=True)


class CallRecordSerializer(serializers.ModelSerializer):
    agent = serializers.CharField(source="agent.name", allow_null=True, default=None)
    ring_seconds = serializers.FloatField()

    class Meta:
        model = CallRecord
        fields = [
            "id",
            "call_date",
            "caller",
            "dialled",
            "agent_extension",
            "agent",
            "started_at",
            "answered_at",
            "disposition",
            "ring_seconds",
            "rings",
            "outcome",
            "called_back_at",
        ]
