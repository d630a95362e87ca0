"""Why a call-record line was rejected, in the reader's language. Rejections are stored as
a code and a detail (gridcare.frontoffice.cdr) and worded only when shown."""

from __future__ import annotations

from django.utils.translation import gettext as _


def rejection_message(code: str, detail: str) -> str:
    messages = {
        "columns": _("Expected 16 to 18 columns, found %(detail)s."),
        "csv": _("Not readable as CSV: %(detail)s"),
        "too_long": _("The %(detail)s column is too long."),
        "start": _("The start is not a time like 2025-03-03 09:15:02: “%(detail)s”."),
        "answer": _("The answer is not a time like 2025-03-03 09:15:02: “%(detail)s”."),
        "end": _("The end is not a time like 2025-03-03 09:15:02: “%(detail)s”."),
        "end_before_start": _("The call ends before it starts (%(detail)s)."),
        "answer_missing": _("The call is marked answered but has no answer time."),
        "answer_before_start": _("The call is answered before it starts (%(detail)s)."),
        "answer_after_end": _("The call is answered after it ends (%(detail)s)."),
        "disposition": _("Unknown disposition “%(detail)s”."),
        "duration": _("The duration is not a whole number of seconds: “%(detail)s”."),
        "billsec": _("The talk time is not a whole number of seconds: “%(detail)s”."),
        "before_go_live": _("The call starts before the company went live (%(detail)s)."),
        "future": _("The call starts in the future (%(detail)s)."),
    }
    template = messages.get(code)
    if template is None:
        return f"{code}: {detail}"
    return template % {"detail": detail} if "%(detail)s" in template else template
