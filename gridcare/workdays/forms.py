"""The administrator's form for a year's arrangement, typed as the notice reads.

Holiday ranges go one per line (``春節 2027-02-06 2027-02-12``) and make-up days one per
line (``2027-02-14 春節``): quicker to type from the notice than rows of date pickers. The
form only parses; the rules (R-CAL-1) are checked by
:func:`gridcare.workdays.services.calendar_year_enter`, whose errors the form shows against
the line they are about.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gridcare.workdays.models import FIRST_YEAR, LAST_YEAR
from gridcare.workdays.services import HolidayRange, MakeupDay

# Something that looks like a date: 2027-02-06, 2027/2/6 or 2027.02.06.
_DATE_LIKE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
# Words people put between the two days of a range; they carry no meaning here.
_RANGE_WORDS = {"-", "–", "—", "~", "～", "至", "到"}


def _parse_date(token: str) -> date:
    return datetime.strptime(re.sub(r"[/.]", "-", token), "%Y-%m-%d").date()


def _split_line(line: str, number: int) -> tuple[list[date], str]:
    """The dates and the name (the other words) of one line; raises for a bad date."""
    dates, words = [], []
    for token in line.split():
        if token in _RANGE_WORDS:
            continue
        if _DATE_LIKE.match(token):
            try:
                dates.append(_parse_date(token))
            except ValueError:
                raise ValidationError(
                    _("Line %(line)s: %(value)s is not a date."),
                    code="bad_date",
                    params={"line": number, "value": token},
                ) from None
        else:
            words.append(token)
    return dates, " ".join(words)


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


class YearArrangementForm(forms.Form):
    """A year's arrangement from the State Council's notice (R-CAL-1)."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    source = forms.CharField(
        label=_("Notice"),
        max_length=200,
        help_text=_("The notice's title, e.g. 國務院辦公廳關於2027年部分節假日安排的通知."),
    )
    holidays = forms.CharField(
        label=_("Holiday ranges"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "One range per line: festival, first day, last day, e.g. "
            "<code>春節 2027-02-06 2027-02-12</code>. A one-day holiday needs only one day."
        ),
    )
    makeup_days = forms.CharField(
        label=_("Make-up working days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "Weekend days declared working days (調休), one per line: day, festival, e.g. "
            "<code>2027-02-20 春節</code>."
        ),
    )

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        """``year`` fixes the year: the form then corrects that stored year."""
        super().__init__(*args, **kwargs)
        self._holiday_lines: list[int] = []
        self._makeup_lines: list[int] = []
        if year is not None:
            self.fields["year"].initial = year
            self.fields["year"].disabled = True

    def clean_holidays(self) -> list[HolidayRange]:
        ranges: list[HolidayRange] = []
        errors: list[ValidationError] = []
        for number, line in _numbered_lines(self.cleaned_data["holidays"]):
            try:
                dates, name = _split_line(line, number)
            except ValidationError as error:
                errors.append(error)
                continue
            if not name or len(dates) not in (1, 2):
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)s: write the festival, the first day and the last "
                            "day, e.g. 春節 2027-02-06 2027-02-12."
                        ),
                        code="bad_line",
                        params={"line": number},
                    )
                )
                continue
            ranges.append((dates[0], dates[-1], name))
            self._holiday_lines.append(number)
        if errors:
            raise ValidationError(errors)
        return ranges

    def clean_makeup_days(self) -> list[MakeupDay]:
        days: list[MakeupDay] = []
        errors: list[ValidationError] = []
        for number, line in _numbered_lines(self.cleaned_data["makeup_days"]):
            try:
                dates, name = _split_line(line, number)
            except ValidationError as error:
                errors.append(error)
                continue
            if not name or len(dates) != 1:
                errors.append(
                    ValidationError(
                        _("Line %(line)s: write the day and the festival, e.g. 2027-02-20 春節."),
                        code="bad_line",
                        params={"line": number},
                    )
                )
                continue
            days.append((dates[0], name))
            self._makeup_lines.append(number)
        if errors:
            raise ValidationError(errors)
        return days

    def add_service_errors(self, error: ValidationError) -> None:
        """Show the service's refusal on the fields, with the line each error is about."""
        lines = {"holidays": self._holiday_lines, "makeup_days": self._makeup_lines}
        for field, field_errors in error.error_dict.items():
            for item in field_errors:
                message = item.message % item.params if item.params else item.message
                index = (item.params or {}).get("index")
                if field in lines and index is not None:
                    message = _("Line %(line)s: %(error)s") % {
                        "line": lines[field][index],
                        "error": message,
                    }
                self.add_error(field if field in self.fields else None, message)

    @staticmethod
    def lines_from(holidays: list[HolidayRange], makeup_days: list[MakeupDay]) -> dict[str, str]:
        """Initial text of the two lists for a stored year (a correction starts from it)."""
        return {
            "holidays": "\n".join(
                f"{name} {start.isoformat()}" + (f" {end.isoformat()}" if end != start else "")
                for start, end, name in holidays
            ),
            "makeup_days": "\n".join(f"{d.isoformat()} {name}" for d, name in makeup_days),
        }
