"""Shared helpers of the demo loaders."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gridcare.org.models import Company, Staff
from gridcare.workdays.selectors import calendar_snapshot

DAYS = 365


def rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demo data, not security


def days(today: date | None = None) -> list[date]:
    """Every day of the last year, up to today."""
    today = today or timezone.localdate()
    return [today - timedelta(days=n) for n in range(DAYS, -1, -1)]


def is_working_day(day: date) -> bool:
    return calendar_snapshot().kind(day).is_working


def local(day: date, seconds: float) -> datetime:
    """An aware local time `seconds` after midnight of `day`."""
    return timezone.make_aware(datetime.combine(day, time.min) + timedelta(seconds=seconds))


def staff_of(company: Company, department: str, **filters: Any) -> list[Staff]:
    return list(
        Staff.objects.filter(company=company, department__code=department, **filters)
        .select_related("user", "department")
        .order_by("employee_number")
    )
