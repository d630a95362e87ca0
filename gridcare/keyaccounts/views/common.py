"""Small helpers of the key-account pages."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from gridcare.keyaccounts.models import ServiceItem


def linked_record(item: ServiceItem) -> dict[str, Any] | None:
    """The application or matter a business item created (R-3.6.4), with its page."""
    if item.linked_type_id is None:
        return None
    model = item.linked_type.model_class()  # type: ignore[union-attr]
    record = model._default_manager.filter(pk=item.linked_id).first() if model else None
    if record is None:
        return None
    url = ""
    if model._meta.label_lower == "applications.application":  # type: ignore[union-attr]
        url = reverse("applications:application_detail", args=[record.pk])
    elif hasattr(record, "get_absolute_url"):
        try:
            url = record.get_absolute_url()
        except NoReverseMatch:
            url = ""
    label = getattr(record, "number", None) or str(record)
    return {"label": label, "url": url, "type": model._meta.verbose_name}  # type: ignore[union-attr]
