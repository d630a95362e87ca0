"""The daily scan that queues follow-up calls (R-3.8.2)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="40", hour="1"))
def queue_followups() -> None:
    """Every company: queue a sample of the records closed since the last scan."""
    from gridcare.followups.services import followups_queue
    from gridcare.org.models import Company

    for company in Company.objects.order_by("pk"):
        followups_queue(company=company)
