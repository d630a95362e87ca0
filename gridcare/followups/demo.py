"""Demo follow-up calls: a year (up to today) of weekly scans over the demo's closed
matters, applications and faults, the calls made by the supervision officer (most
customers satisfied, a few unreachable, a few dissatisfied whose matter went back to its
owner), and the most recent ones still to call. Deterministic (fixed seeds) and idempotent
(nothing is added once the company has follow-up calls)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from gridcare.followups.models import FollowupCall
from gridcare.followups.services import (
    NO_ANSWER,
    followup_call_record,
    followup_settings_update,
    followups_queue,
)
from gridcare.org.models import Company, Staff

SEED = 20260801
SAMPLE_SEED = 2026
DISSATISFIED_MAX = 6
# Calls due within this many days of today are left in the queue for the officer.
LEFT_QUEUED_DAYS = 4


def load_demo(company: Company) -> str:
    if FollowupCall.objects.filter(company=company).exists():
        return "follow-up calls: already loaded"
    officers = Staff.objects.filter(company=company, department__kind="supervision")
    # The demo login of the supervision department makes the calls, so that its pages
    # show its own work.
    officer = (
        officers.filter(user__username="supervision").select_related("user").first()
        or officers.select_related("user").order_by("employee_number").first()
    )
    if officer is None:
        return "follow-up calls: no supervision officer, skipped"
    followup_settings_update(
        company=company, actor=officer.user, seed=SAMPLE_SEED, sample_percent=10
    )
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    now = timezone.now()
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=365), time())
    )
    week = start + timedelta(days=7)
    queued = followups_queue(company=company, since=start, until=week, actor=None)
    while week < now:
        week = min(week + timedelta(days=7), now)
        queued += followups_queue(company=company, until=week, actor=None)
    stats = {"satisfied": 0, "dissatisfied": 0, "unreachable": 0}
    recent = timezone.localdate() - timedelta(days=LEFT_QUEUED_DAYS)
    for call in FollowupCall.objects.filter(company=company, due__lt=recent).order_by("pk"):
        # During office hours, a working day or two after the call was queued.
        day = timezone.localdate(call.queued_at) + timedelta(days=rng.randint(1, 2))
        at = timezone.make_aware(
            datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)))
        )
        at = min(max(at, call.closed_at + timedelta(hours=1)), now)
        draw = rng.random()
        if draw < 0.07:
            for attempt in range(3):
                call = followup_call_record(
                    call=call,
                    outcome=NO_ANSWER,
                    at=min(at + timedelta(hours=2 * attempt), now),
                    actor=officer.user,
                )
                if call.state != FollowupCall.State.QUEUED:
                    break
            stats["unreachable"] += call.state == FollowupCall.State.UNREACHABLE
            continue
        dissatisfied = draw > 0.94 and stats["dissatisfied"] < DISSATISFIED_MAX
        followup_call_record(
            call=call,
            outcome=FollowupCall.Result.DISSATISFIED if dissatisfied else "satisfied",
            comment=rng.choice(DISSATISFIED) if dissatisfied else rng.choice(SATISFIED),
            at=at,
            actor=officer.user,
        )
        stats["dissatisfied" if dissatisfied else "satisfied"] += 1
    return (
        f"follow-up calls: {queued} queued, {stats['satisfied']} satisfied, "
        f"{stats['dissatisfied']} dissatisfied (returned to the owner), "
        f"{stats['unreachable']} unreachable"
    )


SATISFIED = ["", "", "處理及時，很滿意", "工作人員態度好", "已通電，謝謝"]
DISSATISFIED = [
    "問題沒有真正解決，仍然經常停電",
    "答覆的時間和實際不一致，希望再核實",
    "工作人員沒有說清楚費用的依據",
]
