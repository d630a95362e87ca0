"""Background sending of outage notices to customers (R-3.7.2)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=300)
def send_delivery(delivery_id: int) -> None:
    """Send one delivery; a channel failure raises and Huey retries it. The service skips a
    delivery already sent, so a retry never sends twice."""
    from gridcare.field.services.outages import delivery_send

    delivery_send(delivery_id=delivery_id)
