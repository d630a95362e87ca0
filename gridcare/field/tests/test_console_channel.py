"""The console channel (no gateway configured) writes each message to the outbox file
named by settings.FIELD_CONSOLE_OUTBOX, never to the terminal (R-3.7.2)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings

from gridcare.field.channels import ConsoleAdapter, logger


def test_console_messages_go_to_the_outbox_file_not_the_terminal() -> None:
    marker = uuid.uuid4().hex
    ConsoleAdapter().send(recipient="13800000000", subject="停電通知", body=marker)
    for handler in logger.handlers:
        handler.flush()
    outbox = Path(settings.FIELD_CONSOLE_OUTBOX)
    assert marker in outbox.read_text(encoding="utf-8")
    assert logger.propagate is False
    assert not any(type(h) is logging.StreamHandler for h in logger.handlers), (
        "the channel must not write to the terminal"
    )
