"""The limits a page, a help text or a PDF states, read from the standards in force (R-DEF):
no number of the measures is written anywhere else. `{% limit %}` in templates
(templatetags/limits.py) and `limit_text()` in Python say "7 working days" in the active
language for a company on a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.org.models import Company
from gridcare.rules.models import ServiceStandard
from gridcare.rules.selectors import profile_in_force, standards_in_force


@dataclass(frozen=True)
class Limits:
    """The standards a company follows on a day, read once for every limit a page states."""

    standards: tuple[ServiceStandard, ...]

    def standard(self, code: str, attrs: dict[str, Any] | None = None) -> ServiceStandard | None:
        """The version of `code` that applies to `attrs`; the most specific variant wins,
        as for a clock (selectors.standard_in_force)."""
        candidates = [s for s in self.standards if s.code == code and s.applies(attrs or {})]
        return max(candidates, key=lambda s: len(s.applies_to), default=None)

    def text(self, code: str, attrs: dict[str, Any] | None = None) -> str:
        """ "7 working days", or a dash when the company follows no such limit."""
        standard = self.standard(code, attrs)
        return amount_text(standard) if standard is not None else "—"


def amount_text(standard: ServiceStandard) -> str:
    return _("%(amount)s %(unit)s") % {
        "amount": standard.amount,
        "unit": standard.get_unit_display(),
    }


def limits_of(company: Company | int | None, on: date | None = None) -> Limits:
    """The limits `company` follows on `on` (today by default); none without a company."""
    if company is None:
        return Limits(())
    profile = profile_in_force(company=company, on=on or timezone.localdate())
    if profile is None:
        return Limits(())
    return Limits(tuple(standards_in_force(profile=profile, on=on or timezone.localdate())))


def limit_text(
    code: str,
    *,
    company: Company | int | None,
    on: date | None = None,
    attrs: dict[str, Any] | None = None,
) -> str:
    """The localized limit of `code` for `company` on `on` (today by default)."""
    return limits_of(company, on).text(code, attrs)
