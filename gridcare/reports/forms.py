from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.reports.models import AnalysisReport
from gridcare.reports.periods import complete_halves, half_label

SECTION_PREFIX = "section_"


class GenerateForm(forms.Form):
    """Which half year to report on: one of the last half years that are over."""

    half_start = forms.TypedChoiceField(
        label=_("Half year"),
        coerce=date.fromisoformat,
        choices=(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["half_start"].choices = [  # type: ignore[attr-defined]
            (half.start.isoformat(), half_label(half))
            for half in complete_halves(today=timezone.localdate())
        ]


class ReviewForm(forms.Form):
    """The supervision department's comments: overall, and one per section."""

    comment = forms.CharField(
        label=_("Overall comments"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, report: AnalysisReport, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "comment": report.comment,
                **{f"{SECTION_PREFIX}{k}": v for k, v in report.section_comments.items()},
            },
        )
        super().__init__(*args, **kwargs)
        for section in report.sections:
            self.fields[f"{SECTION_PREFIX}{section['code']}"] = forms.CharField(
                label=_("Comments on “%(title)s”") % {"title": section["title"]},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_comments(self) -> dict[str, str]:
        return {
            name.removeprefix(SECTION_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(SECTION_PREFIX)
        }
