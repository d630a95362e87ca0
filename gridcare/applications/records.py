"""How an application is named and linked where another module points at it (a clock's
record, a notification): its number and customer, and its page."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from gridcare.applications.models import Application
from gridcare.core.records import RecordRef


def describe_applications(ids: Sequence[int]) -> dict[int, RecordRef]:
    rows = Application.objects.filter(pk__in=ids).values_list("pk", "number", "customer__name")
    return {
        pk: RecordRef(f"{number} {customer}", reverse("applications:application_detail", args=[pk]))
        for pk, number, customer in rows
    }
