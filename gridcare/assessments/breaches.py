"""The breach source of the ledger (R-3.9.1): every active breach of a clock becomes an
item against the clock's responsible department and person, citing the clock's clause;
a withdrawn breach withdraws its item (kept, scoring nothing).

A receiver records the item in the breach's own transaction when the breach is opened
(or opened again). The measures engine withdraws breaches with a set-based UPDATE, which
sends no signal, so the periodic `sync_breaches` finds those: it reads the breaches that
have no live item and the live items whose breach is withdrawn, two indexed queries, and
touches only the rows that differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import (
    ItemEntry,
    assessment_item_withdraw,
    assessment_items_record,
)
from gridcare.org.models import Company
from gridcare.rules.models import Breach
from gridcare.rules.signals import breaches_opened


def describe(breach: Breach) -> str:
    clock = breach.clock
    standard = clock.standard
    return _("%(clause)s %(title)s: due %(due)s, not met (%(subject)s #%(id)s).") % {
        "clause": standard.clause.number,
        "title": standard.localised_title,
        "due": clock.due.isoformat(),
        "subject": ContentType.objects.get_for_id(clock.subject_type_id).name,
        "id": clock.subject_id,
    }


def record_breaches(breaches: Sequence[Breach]) -> list[AssessmentItem]:
    """One item per breach, recorded together (see assessment_items_record)."""
    companies = Company.objects.in_bulk({breach.company_id for breach in breaches})
    return assessment_items_record(
        kind=Kind.BREACH,
        entries=[
            ItemEntry(
                company=companies[breach.company_id],
                clause_id=breach.clause_id,
                department_id=breach.department_id,
                staff_id=breach.staff_id,
                evidence_object=breach,
                description=describe(breach),
                occurred_on=breach.occurred_on,
            )
            for breach in breaches
        ],
        actor=None,
    )


@receiver(breaches_opened, dispatch_uid="gridcare.assessments.breaches_opened")
def breaches_were_opened(sender: Any, breaches: Sequence[Breach], **kwargs: Any) -> None:
    record_breaches(breaches)


@receiver(post_save, sender=Breach, dispatch_uid="gridcare.assessments.breach_saved")
def breach_saved(sender: Any, instance: Breach, **kwargs: Any) -> None:
    """A breach saved on its own (not through the engine's breaches_open)."""
    if instance.status == Breach.Status.ACTIVE:
        record_breaches([instance])
    else:
        assessment_item_withdraw(
            kind=Kind.BREACH,
            evidence_object=instance,
            reason=instance.withdrawn_reason or _("the breach was withdrawn"),
            actor=None,
        )


def sync_breaches(company: Company, date_from: date, date_to: date) -> int:
    """Bring the ledger in line with the company's breaches that occurred in the range."""
    breach_type = ContentType.objects.get_for_model(Breach)
    items = AssessmentItem.objects.filter(kind=Kind.BREACH, evidence_type=breach_type)
    live = items.exclude(status=AssessmentItem.Status.WITHDRAWN)
    breaches = Breach.objects.filter(
        company=company, occurred_on__gte=date_from, occurred_on__lte=date_to
    )
    changed = 0
    missing = (
        breaches.filter(status=Breach.Status.ACTIVE)
        .exclude(pk__in=live.values("evidence_id"))
        .select_related(
            "company",
            "clause",
            "department",
            "staff",
            "clock__standard__clause",
            "clock__subject_type",
        )
    )
    for breach in missing:
        record_breaches([breach])
        changed += 1
    stale = breaches.filter(status=Breach.Status.WITHDRAWN, pk__in=live.values("evidence_id"))
    for breach in stale:
        assessment_item_withdraw(
            kind=Kind.BREACH,
            evidence_object=breach,
            reason=breach.withdrawn_reason or _("the breach was withdrawn"),
            actor=None,
        )
        changed += 1
    return changed
