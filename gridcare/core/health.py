"""/healthz: the database and the task queue, as JSON for load balancers and monitors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY

from gridcare.core.models import TaskHeartbeat


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a status to report, not a 500
        return {"ok": False, "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _task_queue() -> dict[str, Any]:
    backend = "redis" if settings.REDIS_URL else "sqlite"
    info: dict[str, Any] = {"backend": backend}
    try:
        info["pending"] = HUEY.pending_count()
        info["reachable"] = True
    except Exception as exc:
        info.update(reachable=False, error=exc.__class__.__name__)
    beat = TaskHeartbeat.objects.filter(name="consumer").values_list("last_run_at", flat=True)
    last = beat.first()
    info["last_heartbeat"] = last.isoformat() if last else None
    info["consumer_alive"] = bool(
        last and (timezone.now() - last).total_seconds() <= settings.HEARTBEAT_STALE_SECONDS
    )
    return info


#: Further details for signed-in staff, by name: each app registers its own (the measures
#: engine its clock sweep) from its AppConfig.ready(), so that core imports none of them.
_DETAILS: dict[str, Callable[[], dict[str, Any]]] = {}


def register_detail(name: str, detail: Callable[[], dict[str, Any]]) -> None:
    _DETAILS[name] = detail


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or hasattr(user, "staff")))


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the queue is reachable, else 503.

    A consumer that has not beaten recently is reported but does not fail the check:
    web nodes stay in service while the consumer restarts. Anonymous callers (load
    balancers) get the verdict alone; signed-in staff get the details, the database
    vendor and queue included, and the last clock sweep's failures.
    """
    database = _database()
    queue = _task_queue() if database["ok"] else {"reachable": False}
    healthy = database["ok"] and queue.get("reachable", False)
    body: dict[str, Any] = {"status": "ok" if healthy else "error"}
    if _is_staff(request.user):
        body.update(database=database, task_queue=queue)
        if database["ok"]:
            body.update({name: detail() for name, detail in _DETAILS.items()})
    return JsonResponse(body, status=200 if healthy else 503)
