"""Parsing of query-string values shared by pages and filters: a bad value is a form error
or is ignored, never a server error (ASVS V2.2).

`"²".isdigit()` is true while `int("²")` fails, a number past 2⁶³ overflows the id
column, and a date at either end of Python's range overflows as soon as a day is added
or a local midnight is converted to UTC: these helpers refuse such values up front.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The largest value of a 64-bit id column.
MAX_ID = 2**63 - 1
#: Dates outside this range are refused: far beyond any record, and far enough inside
#: Python's range for the date arithmetic of periods and deadlines.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


def parse_id(text: Any) -> int | None:
    """A positive id written in ASCII digits that fits the id column, else None."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def check_date_range(value: date | None) -> None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": DATE_MIN.isoformat(), "last": DATE_MAX.isoformat()},
        )


class DateField(forms.DateField):
    """A form date within DATE_MIN … DATE_MAX."""

    default_validators = [check_date_range]


class DateFilter(django_filters.DateFilter):
    """A filter date within DATE_MIN … DATE_MAX (a form error otherwise)."""

    field_class = DateField


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "any" (Django's says "unknown", which in
    a filter reads as a third kind of row)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter offering any, yes or no."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)


class IdField(forms.IntegerField):
    """A form id: a whole number that fits the id column."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A filter on an id column (a form error past the column, not a database error)."""

    field_class = IdField
