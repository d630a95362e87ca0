"""What an item rests on, for the drill-down: the evidence record and, for a breach, the
clock and the record it held to its limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import NoReverseMatch, reverse

from gridcare.assessments.models import AssessmentItem
from gridcare.rules.models import Breach, Clock

#: Detail pages by model label, for records that have no get_absolute_url.
_DETAIL_URLS = {"applications.application": "applications:application_detail"}


@dataclass
class Evidence:
    label: str
    type: str
    url: str
    clock: Clock | None = None
    subject_label: str = ""
    subject_url: str = ""


def _url_of(record: Model) -> str:
    name = _DETAIL_URLS.get(record._meta.label_lower)
    try:
        if name:
            return reverse(name, args=[record.pk])
        if hasattr(record, "get_absolute_url"):
            return str(record.get_absolute_url())
    except NoReverseMatch:
        pass
    return ""


def _label(record: Model) -> str:
    return str(getattr(record, "number", None) or record)


def evidence_of(item: AssessmentItem) -> Evidence | None:
    record: Any = item.evidence
    if record is None:
        return None
    evidence = Evidence(
        label=_label(record), type=str(record._meta.verbose_name), url=_url_of(record)
    )
    if isinstance(record, Breach):
        clock = Clock.objects.select_related("standard__clause", "subject_type").get(
            pk=record.clock_id
        )
        evidence.clock = clock
        subject_model = clock.subject_type.model_class()
        subject = (
            subject_model._default_manager.filter(pk=clock.subject_id).first()
            if subject_model is not None
            else None
        )
        if subject is not None:
            evidence.subject_label = f"{subject._meta.verbose_name} {_label(subject)}"
            evidence.subject_url = _url_of(subject)
    return evidence
