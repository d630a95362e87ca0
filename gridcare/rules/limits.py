"""The limits a page, a help text or a PDF states, read from the standards in force (R-DEF):
no number of the measures is written anywhere else. `{% limit %}` in templates
(templatetags/limits.py) and `limit_text()` in Python say "7 working days" in the active
language for a company on a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BigIntegerField, F, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.org.models import Company
from gridcare.rules.models import ProfileAssignment, RuleProfile, ServiceStandard


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
    """The limits `company` follows on `on` (today by default); none without a company.
    One query: the profile in force (selectors.profile_in_force) is a subquery, so that a
    page stating a limit costs one read."""
    if company is None:
        return Limits(())
    on = on or timezone.localdate()
    company_id = company if isinstance(company, int) else company.pk
    assigned = (
        ProfileAssignment.objects.filter(company_id=company_id, effective_from__lte=on)
        .order_by("-effective_from")
        .values("profile_id")[:1]
    )
    default = RuleProfile.objects.filter(is_default=True, effective_from__lte=on).values("pk")[:1]
    standards = (
        ServiceStandard.objects.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=on), effective_from__lte=on
        )
        .annotate(
            in_force=Coalesce(Subquery(assigned), Subquery(default), output_field=BigIntegerField())
        )
        .filter(profile_id=F("in_force"))
        .select_related("clause")
    )
    return Limits(tuple(standards))


def limit_text(
    code: str,
    *,
    company: Company | int | None,
    on: date | None = None,
    attrs: dict[str, Any] | None = None,
) -> str:
    """The localized limit of `code` for `company` on `on` (today by default)."""
    return limits_of(company, on).text(code, attrs)
