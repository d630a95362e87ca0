"""Public pages (R-3.7.2): outage notices on the portal and an iCalendar feed of planned
outages per town. No login; nothing about customers is shown."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from gridcare.field.models import OutagePlan
from gridcare.field.selectors import public_outages

FEED_DAYS = 90


@login_not_required
@require_GET
def public_outage_list(request: HttpRequest) -> HttpResponse:
    town = request.GET.get("town", "").strip()[:40]
    outages = list(public_outages(town=town)[:200])
    towns = sorted(
        {t for t in public_outages().values_list("town", flat=True).distinct()[:100] if t}
    )
    return render(
        request,
        "field/public_outages.html",
        {"outages": outages, "town": town, "towns": towns},
    )


@login_not_required
@require_GET
@cache_page(300)
def public_outage_ical(request: HttpRequest, town: str) -> HttpResponse:
    """Planned outages of one town, from 30 days back to FEED_DAYS ahead."""
    today = timezone.localdate()
    plans = public_outages(town=town, today=today - timedelta(days=30)).filter(
        kind=OutagePlan.Kind.PLANNED, starts_at__date__lte=today + timedelta(days=FEED_DAYS)
    )[:500]
    cal = Calendar()
    cal.add("prodid", "-//GridCare//planned outages//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{town} 計畫停電")
    host = request.get_host().split(":")[0]
    for plan in plans:
        event = Event()
        event.add("uid", f"outage-{plan.pk}@{host}")
        event.add("summary", f"計畫停電：{plan.title}")
        event.add("dtstart", plan.starts_at)
        event.add("dtend", plan.ends_at)
        event.add("dtstamp", plan.filed_at)
        event.add("location", f"{plan.town} " + "、".join(f.name for f in plan.feeders.all()))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="outages-{plan_slug(town)}.ics"'
    return response


def plan_slug(town: str) -> str:
    return "".join(ch for ch in town if ch.isalnum()) or "town"
