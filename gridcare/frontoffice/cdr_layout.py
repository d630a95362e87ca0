"""The layout of a call-record file, written once for the people who prepare the file: the
import page shows it as a table, and the sample file offered for download is built from it
(a test reads the sample back through the parser, so the description cannot drift from
what the parser accepts). The parser itself is gridcare.frontoffice.cdr."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str  # Asterisk's own name of the column, as in its documentation
    meaning: str | Promise
    example: str
    read: bool  # whether GridCare reads it


COLUMNS = (
    Column("accountcode", _("account code (not read)"), "", False),
    Column("src", _("the caller's number"), "13800001111", True),
    Column("dst", _("the number dialled (the service line)"), "95598", True),
    Column("dcontext", _("dial plan context (not read)"), "from-pstn", False),
    Column("clid", _("caller ID text (not read)"), '"" <13800001111>', False),
    Column("channel", _("the caller's channel (not read)"), "SIP/trunk-00000001", False),
    Column(
        "dstchannel",
        _("the channel that answered: its extension names the agent"),
        "SIP/8001-00000002",
        True,
    ),
    Column("lastapp", _("last application (not read)"), "Dial", False),
    Column("lastdata", _("its arguments (not read)"), "SIP/8001,30", False),
    Column("start", _("when the phone started ringing (local time)"), "2026-12-01 09:15:02", True),
    Column("answer", _("when it was answered; empty if not answered"), "2026-12-01 09:15:09", True),
    Column("end", _("when the call ended"), "2026-12-01 09:18:40", True),
    Column("duration", _("seconds from start to end"), "218", True),
    Column("billsec", _("seconds from answer to end"), "211", True),
    Column(
        "disposition",
        _("ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION"),
        "ANSWERED",
        True,
    ),
    Column("amaflags", _("billing flags (not read)"), "DOCUMENTATION", False),
    Column(
        "uniqueid",
        _("optional: the call's unique id; a line is recognised by it when importing again"),
        "1764551702.1",
        True,
    ),
    Column("userfield", _("optional (not read)"), "", False),
)

#: Three calls of a morning: answered on the second ring, not answered, busy.
_SAMPLE_ROWS = (
    ("13800001111", "95598", "SIP/8001-00000002", "2026-12-01 09:15:02", "2026-12-01 09:15:09",
     "2026-12-01 09:18:40", "218", "211", "ANSWERED", "1764551702.1"),
    ("13900002222", "95598", "", "2026-12-01 09:20:00", "",
     "2026-12-01 09:20:31", "31", "0", "NO ANSWER", "1764552000.2"),
    ("13700003333", "95598", "", "2026-12-01 09:21:10", "",
     "2026-12-01 09:21:12", "2", "0", "BUSY", "1764552070.3"),
)  # fmt: skip


def sample_file() -> str:
    """A small Master.csv in the layout above, with no header line (as Asterisk writes)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for (
        src,
        dst,
        dstchannel,
        start,
        answer,
        end,
        duration,
        billsec,
        disposition,
        uid,
    ) in _SAMPLE_ROWS:
        writer.writerow(
            ["", src, dst, "from-pstn", f'"" <{src}>', "SIP/trunk-00000001", dstchannel,
             "Dial", "SIP/8001,30", start, answer, end, duration, billsec, disposition,
             "DOCUMENTATION", uid, ""]
        )  # fmt: skip
    return out.getvalue()
