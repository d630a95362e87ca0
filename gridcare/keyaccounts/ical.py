"""The contact's calendar as iCalendar (RFC 5545), built with the `icalendar` package: one
all-day event per visit owed and per open service item, on its due date."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from gridcare.keyaccounts.selectors import DueEntry

PRODID = "-//GridCare//Key accounts//ZH"


def calendar_for(entries: list[DueEntry], *, name: str, base_url: str) -> bytes:
    """An RFC 5545 calendar; UIDs are stable so that a phone updates events in place."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp: datetime = timezone.now().replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@gridcare")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + timedelta(days=1))
        event.add("summary", ("【逾期】" if entry.overdue else "") + entry.title)
        event.add("description", entry.detail)
        event.add("url", base_url + entry.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
