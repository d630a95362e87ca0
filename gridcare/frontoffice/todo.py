"""What the front office adds to a person's to-do (R-3.7.3): the callers the CSC owes a
call back, the matters a person owns, and the referrals waiting for their department."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.todo import EMPTY, Batch, Entry, total_of
from gridcare.frontoffice.models import Matter
from gridcare.frontoffice.selectors import (
    callbacks_waiting,
    matter_list,
    referrals_for_my_department,
)
from gridcare.frontoffice.views.calls import CALLBACK_DAYS
from gridcare.org.selectors import staff_of
from gridcare.rules.models import Clock


def callbacks(user: Any, limit: int) -> Batch:
    """Unanswered callers not reached yet, the longest-waiting first (R-2.8): a call back
    is owed the day of the call, so yesterday's unanswered callers are late."""
    if not user.has_perm("frontoffice.record_callback"):
        return EMPTY
    since = timezone.localdate() - timedelta(days=CALLBACK_DAYS)
    qs = callbacks_waiting(user=user, since=since).order_by("started_at", "pk")
    rows = list(qs[:limit])
    url = reverse("frontoffice:callback_list")
    return Batch(
        [
            Entry(
                action=_("Call back"),
                record=call.caller or _("unknown number"),
                url=url,
                due=call.call_date,
            )
            for call in rows
        ],
        total_of(rows, limit, qs),
    )


def my_matters(user: Any, limit: int) -> Batch:
    """The user's open matters: due by their earliest running clock (a complaint's contact
    and reply limits), the others undated."""
    staff = staff_of(user)
    if staff is None:
        return EMPTY
    qs = (
        matter_list(user=user)
        .filter(owner=staff)
        .exclude(status=Matter.Status.CLOSED)
        .select_related("customer")
        .order_by("received_at", "pk")
    )
    rows = list(qs[:limit])
    due = dict(
        Clock.objects.filter(
            subject_type=ContentType.objects.get_for_model(Matter),
            subject_id__in=[m.pk for m in rows],
            state=Clock.State.RUNNING,
        )
        .values("subject_id")
        .annotate(first=Min("due"))
        .values_list("subject_id", "first")
    )
    return Batch(
        [
            Entry(
                action=_("Matter: %(status)s") % {"status": m.get_status_display()},
                record=f"{m.reference} {m.customer_name}",
                url=reverse("frontoffice:matter_detail", args=[m.pk]),
                due=due.get(m.pk),
                is_key_account=bool(m.customer and m.customer.is_key_account),
            )
            for m in rows
        ],
        total_of(rows, limit, qs),
    )


def referrals(user: Any, limit: int) -> Batch:
    """Referrals waiting for an answer from the user's department (R-2.7)."""
    if not user.has_perm("frontoffice.answer_referral"):
        return EMPTY
    qs = (
        referrals_for_my_department(user=user)
        .select_related("matter__customer")
        .order_by("due", "pk")
    )
    rows = list(qs[:limit])
    return Batch(
        [
            Entry(
                action=_("Answer the referral"),
                record=f"{r.matter.reference} {r.matter.customer_name}",
                url=reverse("frontoffice:referral_detail", args=[r.pk]),
                due=r.due,
                is_key_account=bool(r.matter.customer and r.matter.customer.is_key_account),
            )
            for r in rows
        ],
        total_of(rows, limit, qs),
    )
