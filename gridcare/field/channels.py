"""Channel adapters: how a notice reaches a customer (R-3.7.2). Each channel (SMS, email)
names an adapter class in the setting FIELD_CHANNEL_ADAPTERS; the default writes to the
log (a console adapter), so nothing leaves the machine until a gateway is configured.
settings.LOGGING sends that log to the file FIELD_CONSOLE_OUTBOX (var/outbox.log), not to
the terminal, where a demo's hundreds of notices would bury everything else."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gridcare.field.channels")

DEFAULT_ADAPTERS = {
    "sms": "gridcare.field.channels.ConsoleAdapter",
    "email": "gridcare.field.channels.ConsoleAdapter",
}


class ChannelError(Exception):
    """The gateway refused or could not be reached: the delivery is retried."""


class ChannelAdapter(Protocol):
    def send(self, *, recipient: str, subject: str, body: str) -> None: ...


class ConsoleAdapter:
    """Writes the message to the log (the outbox file) instead of sending it."""

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        logger.info("to %s: %s\n%s", recipient, subject, body)


def adapter_for(channel: str) -> ChannelAdapter:
    configured = getattr(settings, "FIELD_CHANNEL_ADAPTERS", {}) or {}
    path = configured.get(channel) or DEFAULT_ADAPTERS[channel]
    adapter: ChannelAdapter = import_string(path)()
    return adapter
