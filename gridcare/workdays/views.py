"""Administrator pages: the calendar's years and entering a year's arrangement (R-CAL-1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gridcare.core.query import parse_id
from gridcare.core.selectors import audit_history_for
from gridcare.workdays.forms import YearArrangementForm
from gridcare.workdays.models import FIRST_YEAR, LAST_YEAR, CalendarYear
from gridcare.workdays.selectors import (
    calendar_horizon,
    calendar_snapshot,
    calendar_year_arrangement,
    calendar_year_list,
    calendar_year_stats,
    provisional_arrangement,
)
from gridcare.workdays.services import calendar_year_enter

PAGE_SIZE = 50
# The official title of the yearly notice, offered as the default source of a new year.
NOTICE_TITLE = "國務院辦公廳關於{year}年部分節假日安排的通知"


@permission_required("workdays.view_calendaryear", raise_exception=True)
def year_list(request: HttpRequest) -> HttpResponse:
    """Every stored year, newest first, with whether deadlines use it yet (R-CAL-3)."""
    qs = calendar_year_list()
    before = parse_id(request.GET.get("before"))
    if before is not None:
        qs = qs.filter(year__lt=before)
    years = list(qs[: PAGE_SIZE + 1])
    more = len(years) > PAGE_SIZE
    years = years[:PAGE_SIZE]
    stats = calendar_year_stats([y.year for y in years])
    snapshot = calendar_snapshot()
    first, last = snapshot.first_known, snapshot.last_known
    rows = [
        {
            "year": y,
            "stats": stats.get(y.year),
            "in_effect": first is not None
            and last is not None
            and first.year <= y.year <= last.year,
        }
        for y in years
    ]
    return render(
        request,
        "workdays/year_list.html",
        {
            "rows": rows,
            "first_known": first,
            "horizon": calendar_horizon(snapshot=snapshot),
            "page": {
                "is_first": before is None,
                "first_query": "",
                "next_query": f"before={years[-1].year}" if more else None,
            },
        },
    )


@permission_required("workdays.add_calendaryear", raise_exception=True)
def year_enter(request: HttpRequest) -> HttpResponse:
    """Enter a year not yet in the calendar, usually next year's notice.

    The form starts from the year's computed statutory holidays (R-CAL-3), so that only
    the notice's make-up working days and bridging days off are left to type. ``?year=``
    starts it from another year.
    """
    asked = parse_id(request.GET.get("year"))
    snapshot = calendar_snapshot()
    if asked is not None and FIRST_YEAR <= asked <= LAST_YEAR:
        following: int | None = asked
    elif snapshot.last_known is not None:
        following = snapshot.last_known.year + 1
    else:
        following = None
    initial: dict[str, Any] = {}
    computed: list[Any] = []
    if following is not None:
        computed = provisional_arrangement(following)
        initial = {
            "year": following,
            "source": NOTICE_TITLE.format(year=following),
            **YearArrangementForm.lines_from(computed, []),
        }
    form = YearArrangementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if CalendarYear.objects.filter(year=year).exists():
            form.add_error(
                "year",
                _("%(year)s is already in the calendar: correct it from the list of years.")
                % {"year": year},
            )
        elif _saved(request, form, year):
            return redirect("workdays:year_list")
    return render(
        request,
        "workdays/year_form.html",
        {"form": form, "year": None, "computed_year": following if computed else None},
    )


@permission_required("workdays.change_calendaryear", raise_exception=True)
def year_correct(request: HttpRequest, year: int) -> HttpResponse:
    """Correct a stored year (R-CAL-1): the form starts from what is stored."""
    calendar_year = calendar_year_list().filter(year=year).first()
    if calendar_year is None:
        raise Http404
    holidays, makeup_days = calendar_year_arrangement(year)
    initial = {
        "source": calendar_year.source,
        **YearArrangementForm.lines_from(holidays, makeup_days),
    }
    form = YearArrangementForm(request.POST or None, initial=initial, year=year)
    if request.method == "POST" and form.is_valid() and _saved(request, form, year):
        return redirect("workdays:year_list")
    return render(
        request,
        "workdays/year_form.html",
        {"form": form, "year": calendar_year, "events": audit_history_for(calendar_year)},
    )


def _saved(request: HttpRequest, form: YearArrangementForm, year: int) -> bool:
    try:
        entry = calendar_year_enter(
            year=year,
            holidays=form.cleaned_data["holidays"],
            makeup_days=form.cleaned_data["makeup_days"],
            source=form.cleaned_data["source"],
            actor=request.user,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    if entry.corrected:
        messages.success(
            request,
            _("The %(year)s calendar was corrected: %(count)s days changed.")
            % {"year": year, "count": len(entry.changes)},
        )
    else:
        messages.success(request, _("The %(year)s calendar was entered.") % {"year": year})
    return True
