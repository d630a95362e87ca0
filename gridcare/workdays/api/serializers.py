"""Shapes of the working-day calendar API (API.md "Working-day calendar", a fixed contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gridcare.core.calendar import DayKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: API.md: "n" working days, 1 ≤ n ≤ 1000.
MAX_WORKING_DAYS = 1000

# Dates are YYYY-MM-DD both ways (API.md "General").
DATE_FORMATS = ["%Y-%m-%d"]


def _date(help_text: StrOrPromise) -> serializers.DateField:
    return serializers.DateField(input_formats=DATE_FORMATS, help_text=help_text)


class DayPathSerializer(serializers.Serializer):
    date = _date(_("The day, YYYY-MM-DD."))


class DaySerializer(serializers.Serializer):
    date = serializers.DateField()
    is_working_day = serializers.BooleanField(
        help_text=_("True for ordinary working days and make-up working days (R-CAL-1).")
    )
    kind = serializers.ChoiceField(choices=[k.value for k in DayKind])
    name = serializers.CharField(
        allow_null=True,
        help_text=_("The festival of a holiday or make-up working day; null on other days."),
    )
    provisional = serializers.BooleanField(
        help_text=_(
            "True when the day's year has no entered arrangement: its statutory holidays are "
            "computed, its make-up working days unknown (R-CAL-3)."
        )
    )


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = _date(_("The day of the event; it is never counted (R-CAL-2)."))
    days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        help_text=_("How many working days, 1 to 1000."),
    )


class AddWorkingDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    date = serializers.DateField(help_text=_("The n-th working day strictly after start."))
    provisional = serializers.BooleanField(
        help_text=_(
            "True when a counted day lies in a year whose arrangement is not entered (R-CAL-3)."
        )
    )


class WorkingDaysBetweenQuerySerializer(serializers.Serializer):
    start = _date(_("The first day, not counted."))
    end = _date(_("The last day, counted."))


class WorkingDaysBetweenSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    working_days = serializers.IntegerField(
        help_text=_(
            "Working days d with start < d ≤ end. When end is before start the count is "
            "negative: minus the working days d with end < d ≤ start."
        )
    )
