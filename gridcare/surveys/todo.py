"""What surveys add to supervision's to-do (R-3.8.2): this half year's survey round, while
it is not yet opened; it is due by the half year's end."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.todo import EMPTY, Batch, Entry
from gridcare.keyaccounts.halves import half_end, half_label, half_start
from gridcare.org.selectors import company_for
from gridcare.surveys.models import SurveyRound


def round_to_open(user: Any, limit: int) -> Batch:
    company = company_for(user)
    if company is None or not user.has_perm("surveys.add_surveyround"):
        return EMPTY
    today = timezone.localdate()
    if SurveyRound.objects.filter(company=company, half_start=half_start(today)).exists():
        return EMPTY
    entry = Entry(
        action=_("Open the key-account survey round"),
        record=half_label(today),
        url=reverse("surveys:round_new"),
        due=half_end(today),
        is_key_account=True,
    )
    return Batch([entry], 1)
