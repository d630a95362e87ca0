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
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.services import (
    ItemEntry,
    assessment_item_withdraw,
    assessment_items_record,
)
from gridcare.core.services import audit_log
from gridcare.org.models import Company
from gridcare.rules.events import joint_codes
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


def _also(breach: Breach) -> str:
    standard = breach.clock.standard
    return _("Also breaches %(clause)s %(title)s (due %(due)s).") % {
        "clause": standard.clause.number,
        "title": standard.localised_title,
        "due": breach.clock.due.isoformat(),
    }


def _event_key(breach: Breach) -> tuple[int, int, frozenset[str]] | None:
    """Breaches of one subject whose standards one event stops share a key (R-PROF)."""
    codes = joint_codes(breach.clock.standard.code)
    if len(codes) < 2:
        return None
    return breach.clock.subject_type_id, breach.clock.subject_id, codes


def _joint_item(breach: Breach, codes: frozenset[str]) -> AssessmentItem | None:
    """The live item of another active breach of the same late event, if there is one."""
    clock = breach.clock
    siblings = (
        Breach.objects.filter(
            company_id=breach.company_id,
            status=Breach.Status.ACTIVE,
            clock__subject_type_id=clock.subject_type_id,
            clock__subject_id=clock.subject_id,
            clock__standard__code__in=codes,
        )
        .exclude(pk=breach.pk)
        .values("pk")
    )
    return (
        AssessmentItem.objects.select_for_update()
        .filter(
            kind=Kind.BREACH,
            evidence_type=ContentType.objects.get_for_model(Breach),
            evidence_id__in=siblings,
        )
        .exclude(status=AssessmentItem.Status.WITHDRAWN)
        .first()
    )


def _own_item(breach: Breach) -> bool:
    """Whether the breach already has its own live item (recorded before it was joined)."""
    return (
        AssessmentItem.objects.filter(
            kind=Kind.BREACH,
            evidence_type=ContentType.objects.get_for_model(Breach),
            evidence_id=breach.pk,
        )
        .exclude(status=AssessmentItem.Status.WITHDRAWN)
        .exists()
    )


def _cite(item: AssessmentItem, breach: Breach) -> bool:
    """Add the breach's clause to the item of the same late event; False if it cites it."""
    also = _also(breach)
    if also in item.description:
        return False
    item.description = f"{item.description} {also}"
    item.save(update_fields=["description"])
    audit_log(
        action="assessments.item.cites_breach",
        actor=None,
        obj=item,
        company=item.company,
        payload={"breach": breach.pk, "clause": breach.clock.standard.clause.number},
    )
    return True


@transaction.atomic
def record_breaches(breaches: Sequence[Breach]) -> list[AssessmentItem]:
    """One item per late event, recorded together (see assessment_items_record): breaches
    of standards that one event stops (rules.events) share the item of the first one,
    which cites them all (R-PROF: a late key-account energization breaches 2.11 and 3.7.5,
    one item). Returns the items created or changed."""
    primary: dict[Any, Breach] = {}
    joined: list[tuple[Any, Breach]] = []
    changed: list[AssessmentItem] = []
    for breach in breaches:
        key = _event_key(breach)
        if key is None:
            primary[breach.pk] = breach
            continue
        if key in primary:
            joined.append((key, breach))
            continue
        item = None if _own_item(breach) else _joint_item(breach, key[2])
        if item is None:
            primary[key] = breach
        elif _cite(item, breach):
            changed.append(item)
    cited: dict[Any, list[Breach]] = {}
    for key, breach in joined:
        cited.setdefault(key, []).append(breach)
    companies = Company.objects.in_bulk({breach.company_id for breach in primary.values()})
    created = assessment_items_record(
        kind=Kind.BREACH,
        entries=[
            ItemEntry(
                company=companies[breach.company_id],
                clause_id=breach.clause_id,
                department_id=breach.department_id,
                staff_id=breach.staff_id,
                evidence_object=breach,
                description=" ".join(
                    [describe(breach), *(_also(other) for other in cited.get(key, []))]
                ),
                occurred_on=breach.occurred_on,
            )
            for key, breach in primary.items()
        ],
        actor=None,
    )
    return [*created, *changed]


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
        # A breach cited by the item of its event's first breach has nothing to add.
        changed += len(record_breaches([breach]))
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
