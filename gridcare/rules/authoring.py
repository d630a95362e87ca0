"""New clauses and new standards of a profile, added in the application by the level that
owns the profile (R-1.3, R-4.3): the company's marketing department for its own profile,
a deployment administrator for a shared one. A standard's unit and module come from the
catalogue of its code, its parameters are checked against the catalogue's schema, and its
source and interpretation are required (R-DEF). Each addition is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.org.selectors import may_change_rules
from gridcare.rules import catalogue
from gridcare.rules.models import Clause, RuleProfile, ServiceStandard

CHANGE_STANDARD = "rules.change_servicestandard"


def _owner_only(profile: RuleProfile, actor: User) -> None:
    if not may_change_rules(actor, profile.company_id, CHANGE_STANDARD):
        raise PermissionDenied(_("Only the level that owns these rules may change them."))


def _required(value: str, field: str) -> str:
    if not value.strip():
        raise DomainError(_("This field is required."), field=field)
    return value.strip()


@transaction.atomic
def clause_add(
    *,
    profile: RuleProfile,
    number: str,
    title: str,
    text: str,
    actor: User,
    title_zh_hans: str = "",
    title_en: str = "",
    support: str = "",
) -> Clause:
    """A clause joins the profile; its number is unique in it."""
    _owner_only(profile, actor)
    number = _required(number, "number")
    if not all(part.isdigit() for part in number.split(".")):
        raise DomainError(_("A clause number is digits and dots, e.g. 3.7.7."), field="number")
    if profile.clauses.filter(number=number).exists():
        message = _("The profile already has clause %(n)s.") % {"n": number}
        raise DomainError(message, field="number")
    clause = Clause.objects.create(
        profile=profile,
        number=number,
        title=_required(title, "title"),
        title_zh_hans=title_zh_hans.strip(),
        title_en=title_en.strip(),
        text=_required(text, "text"),
        support=support.strip(),
    )
    audit_log(
        action="rules.clause.added",
        actor=actor,
        obj=clause,
        company=profile.company,
        payload={"profile": profile.code, "number": number, "title": clause.title},
    )
    return clause


@transaction.atomic
def standard_add(
    *,
    profile: RuleProfile,
    clause: Clause,
    code: str,
    title: str,
    measure: str,
    amount: int,
    effective_from: date,
    source_kind: str,
    source_reference: str,
    interpretation: str,
    actor: User,
    variant: str = "",
    title_en: str = "",
    applies_to: dict[str, Any] | None = None,
    parameters: dict[str, Any] | None = None,
    interpretation_zh_hans: str = "",
    interpretation_en: str = "",
) -> ServiceStandard:
    """A standard of a code of the catalogue joins the profile under one of its clauses, as
    version 1 from `effective_from`; a code and variant the profile has already is revised
    instead (services.standard_revise)."""
    _owner_only(profile, actor)
    entry = catalogue.entry(code)
    if clause.profile_id != profile.pk:
        raise DomainError(_("Choose a clause of this profile."), field="clause")
    if measure not in ServiceStandard.Measure.values:
        raise DomainError(_("Choose what is measured."), field="measure")
    if source_kind not in ServiceStandard.Source.values:
        raise DomainError(_("Choose where the limit comes from."), field="source_kind")
    if amount < 1:
        raise DomainError(_("The limit must be at least 1."), field="amount")
    if effective_from < profile.effective_from:
        raise DomainError(
            _("The profile takes effect on %(date)s; the standard cannot start earlier.")
            % {"date": profile.effective_from.isoformat()},
            field="effective_from",
        )
    if not isinstance(applies_to or {}, dict):
        raise DomainError(_("Conditions must be a set of named values."), field="applies_to")
    if profile.standards.filter(code=code, variant=variant.strip()).exists():
        raise DomainError(
            _("The profile has this standard already: make a new version of it instead."),
            field="variant",
        )
    standard = ServiceStandard.objects.create(
        profile=profile,
        clause=clause,
        code=code,
        variant=variant.strip(),
        title=_required(title, "title"),
        title_en=title_en.strip(),
        measure=measure,
        amount=amount,
        unit=entry.unit,
        applies_to=applies_to or {},
        parameters=catalogue.validate_parameters(code, parameters or {}),
        module=entry.module,
        effective_from=effective_from,
        source_kind=source_kind,
        source_reference=_required(source_reference, "source_reference"),
        interpretation=_required(interpretation, "interpretation"),
        interpretation_zh_hans=interpretation_zh_hans.strip(),
        interpretation_en=interpretation_en.strip(),
        change_reason=_("Added"),
    )
    audit_log(
        action="rules.standard.added",
        actor=actor,
        obj=standard,
        company=profile.company,
        payload={
            "profile": profile.code,
            "clause": clause.number,
            "code": code,
            "variant": standard.variant,
            "limit": f"{amount} {entry.unit}",
            "effective_from": effective_from.isoformat(),
            "source": source_kind,
        },
    )
    return standard
