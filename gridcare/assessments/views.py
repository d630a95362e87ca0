"""Pages of the assessment ledger: the ledger, an item with its evidence and its review
and appeal (R-4.2), the department scorecards and their Excel export (R-3.9.1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.assessments.evidence import evidence_of
from gridcare.assessments.export import write_xlsx
from gridcare.assessments.filters import ItemFilter
from gridcare.assessments.forms import AppealForm, PointRuleForm, ReviewForm, ScorecardForm
from gridcare.assessments.models import AssessmentItem, Kind
from gridcare.assessments.periods import Period, parse_period
from gridcare.assessments.selectors import item_list, rules_in_force, scorecard, scorecard_total
from gridcare.assessments.services import (
    assessment_appeal_decide,
    assessment_item_appeal,
    assessment_item_review,
    may_appeal,
    point_rule_revise,
)
from gridcare.core.access import allowed_if
from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import audit_history_for
from gridcare.org.models import Company
from gridcare.org.selectors import may_change_rules, staff_of

READ = "assessments.view_assessmentitem"
REVIEW = "assessments.review_assessmentitem"
APPEAL = "assessments.appeal_assessmentitem"

View = Callable[..., Any]


def _reads_ledger(user: Any, query: Any) -> bool:
    return bool(user.has_perm(READ) or user.has_perm(APPEAL))


#: Readers of the ledger, and departments that may appeal (their own items).
ledger_access = allowed_if(_reads_ledger)


def readers_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(READ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@ledger_access
def ledger(request: HttpRequest) -> HttpResponse:
    """The items, newest first; filtered by the scorecard's drill-down links."""
    filterset = ItemFilter(request.GET, queryset=item_list(user=request.user), request=request)
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "assessments/ledger.html",
        {"filter": filterset, "page": page},
        fragment="assessments/_item_rows.html",
    )


def _detail(
    request: HttpRequest,
    item: AssessmentItem,
    *,
    review_form: ReviewForm | None = None,
    appeal_form: AppealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_review = user.has_perm(REVIEW)
    context = {
        "item": item,
        "evidence": evidence_of(item),
        "events": audit_history_for(item),
        "review_form": review_form or ReviewForm(),
        "appeal_form": appeal_form or AppealForm(),
        "can_review": can_review and item.status == AssessmentItem.Status.PENDING,
        "can_decide_appeal": can_review and item.status == AssessmentItem.Status.APPEALED,
        "can_appeal": item.can_be_appealed and may_appeal(user=user, item=item),
    }
    return render(request, "assessments/item_detail.html", context, status=status)


def _item(request: HttpRequest, pk: int) -> AssessmentItem:
    """An item the user may see (row permission), else 404."""
    return get_object_or_404(item_list(user=request.user), pk=pk)


@ledger_access
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _item(request, pk))


def _decide(request: HttpRequest, pk: int, service: Callable[..., AssessmentItem]) -> HttpResponse:
    if not request.user.has_perm(REVIEW):
        raise PermissionDenied
    item = _item(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            service(
                item=item,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                points=form.cleaned_data["points"],
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("assessments:item_detail", pk=item.pk)
    item.refresh_from_db()
    return _detail(request, item, review_form=form, status=400)


@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Marketing confirms, reduces or rejects (R-4.2)."""
    return _decide(request, pk, assessment_item_review)


@require_POST
def item_appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, assessment_appeal_decide)


@require_POST
@ledger_access
def item_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The department concerned appeals once (R-4.2)."""
    item = _item(request, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            assessment_item_appeal(
                item=item,
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            if error.code == "invalid" and not may_appeal(user=request.user, item=item):
                raise PermissionDenied from error
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The appeal was recorded."))
            return redirect("assessments:item_detail", pk=item.pk)
    item.refresh_from_db()
    return _detail(request, item, appeal_form=form, status=400)


def _period(request: HttpRequest) -> Period:
    form = ScorecardForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else "half"
    return parse_period(request.GET.get("period"), default_kind=kind, today=timezone.localdate())


def drill_down_url(period: Period, **filters: Any) -> str:
    query = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
    query.update({key: value for key, value in filters.items() if value not in (None, "")})
    return f"{reverse('assessments:ledger')}?{urlencode(query)}"


@readers_only
def scorecards(request: HttpRequest) -> HttpResponse:
    """Points per department for a month, a quarter or a half year, each figure linking to
    the items behind it."""
    period = _period(request)
    rows = scorecard(items=item_list(user=request.user), date_from=period.start, date_to=period.end)
    for row in rows:
        row.url = drill_down_url(period, department=row.department_id)  # type: ignore[attr-defined]
    return render(
        request,
        "assessments/scorecards.html",
        {
            "period": period,
            "rows": rows,
            "total": scorecard_total(rows),
            "form": ScorecardForm(initial={"kind": period.kind}),
            "kinds": [("month", _("Month")), ("quarter", _("Quarter")), ("half", _("Half year"))],
            "all_url": drill_down_url(period),
            "rules": rules_in_force(company=_rule_owner(request), on=period.end),
            "rule_owner": _rule_owner(request),
            "may_revise": may_change_rules(request.user, _rule_owner(request), REVIEW),
            "rule_form": PointRuleForm(),
        },
    )


def _rule_owner(request: HttpRequest) -> Company | None:
    """Whose points a user reads and revises: their own company's; a deployment
    administrator with no company of their own, the shared default (R-1.3)."""
    staff = staff_of(request.user)
    return staff.company if staff is not None else None


@require_POST
def rule_revise(request: HttpRequest, kind: str) -> HttpResponse:
    """The marketing department changes its own company's points of a kind of item from a
    date (the marketing management assessment rules; R-1.3, R-4.1, R-4.2)."""
    owner = _rule_owner(request)
    if not may_change_rules(request.user, owner, REVIEW):
        raise PermissionDenied
    if kind not in Kind.values:
        raise Http404
    form = PointRuleForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    else:
        try:
            revision = point_rule_revise(
                company=owner,
                kind=kind,
                points=form.cleaned_data["points"],
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]  # signed in (middleware)
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Version %(version)d of the points takes effect on %(day)s.")
                % {
                    "version": revision.new.version,
                    "day": revision.new.effective_from.isoformat(),
                },
            )
    return redirect("assessments:scorecards")


@readers_only
def scorecard_export(request: HttpRequest) -> FileResponse:
    period = _period(request)
    items = item_list(user=request.user)
    rows = scorecard(items=items, date_from=period.start, date_to=period.end)
    detail = (
        items.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
        .order_by("department__name", "occurred_on", "pk")
        .iterator(chunk_size=2000)
    )
    out = write_xlsx(period=period, rows=rows, items=detail)
    return FileResponse(out, as_attachment=True, filename=f"scorecard-{period.code}.xlsx")
