"""What every resumable import shares: finding one whose worker died part way and deciding
whether it goes on by itself or waits for a person (docs/security.md, V16).

An import model that uses this has `status` (queued / running / done / failed),
`heartbeat_at` (written with its progress), `interruptions`, `error` and `finished_at`.
Each import keeps its own file, its own queueing and its own messages: the caller passes
them in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from gridcare.core.services import audit_log


def stale_after() -> timedelta:
    """How long a running import may stay silent before it counts as interrupted."""
    return timedelta(seconds=getattr(settings, "IMPORT_STALE_SECONDS", 300))


def imports_reap(
    *,
    model: type[models.Model],
    now: datetime | None,
    kept: Callable[[Any], bool],
    queue: Callable[[Any], None],
    stopped: Callable[[bool], str],
    action: str,
    payload: Callable[[Any], dict[str, Any]],
) -> list[Any]:
    """Every running import of `model` silent for IMPORT_STALE_SECONDS is resumed from its
    kept file (`queue`, on commit) up to IMPORT_AUTO_RESUMES times, else marked failed with
    `stopped(kept)` as its error; audited as `<action>.resumed` or `<action>.interrupted`.
    Each is decided under its row lock, so an import that finished or spoke meanwhile, or
    holds its row while it writes, is left alone. Returns the imports reaped."""
    now = now or timezone.now()
    auto_resumes = getattr(settings, "IMPORT_AUTO_RESUMES", 2)
    limit = now - stale_after()
    manager = model._default_manager
    reaped = []
    stale = manager.filter(status="running", heartbeat_at__lt=limit)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # A row its import holds locked is at work (it writes its result under that
            # lock): passed over, not waited for.
            item: Any = manager.select_for_update(skip_locked=True).filter(pk=pk).first()
            if item is None or item.status != "running":
                continue
            if item.heartbeat_at and item.heartbeat_at >= limit:
                continue
            item.interruptions += 1
            has_file = kept(item)
            if has_file and item.interruptions <= auto_resumes:
                item.status, item.error = "queued", ""
                verb = "resumed"
                queue(item)
            else:
                item.status, item.finished_at = "failed", now
                item.error = stopped(has_file)
                verb = "interrupted"
            item.save(update_fields=["status", "error", "finished_at", "interruptions"])
            audit_log(
                action=f"{action}.{verb}",
                actor=None,
                obj=item,
                company=item.company,
                payload={"interruptions": item.interruptions, **payload(item)},
            )
            reaped.append(item)
    return reaped
