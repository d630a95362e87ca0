"""Logging filters named by settings.LOGGING."""

from __future__ import annotations

import logging


class ForbiddenOneLine(logging.Filter):
    """Django logs a refused request (PermissionDenied → 403) with the exception's
    traceback; a refusal is the access rules working, so it is written as one line
    ("Forbidden (Permission denied): /path") and real errors keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
