"""Matters (R-2.5, R-2.7) and complaints (R-2.2, R-3.6.3): the list, recording a contact,
the matter page with its actions, and the referrals a department has to answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.query import parse_id
from gridcare.core.selectors import audit_history_for
from gridcare.frontoffice.filters import MatterFilter
from gridcare.frontoffice.forms import (
    AnswerForm,
    AssessmentForm,
    ContactForm,
    DecideForm,
    MatterForm,
    OwnerChangeForm,
    ReasonForm,
    ReferralForm,
    RelayForm,
)
from gridcare.frontoffice.models import Complaint, Matter
from gridcare.frontoffice.selectors import (
    call_list,
    matter_list,
    prohibitions_in_force,
    referral_list,
    referrals_for_my_department,
    ticket_list,
)
from gridcare.frontoffice.services.inspections import assessment_propose_from_complaint
from gridcare.frontoffice.services.matters import (
    complaint_contact,
    complaint_decide,
    matter_close,
    matter_open,
    matter_owner_change,
    matter_refer,
    matter_relay,
    matter_reopen,
    referral_answer,
    referral_default_due,
)
from gridcare.frontoffice.views.common import acting_company
from gridcare.org.selectors import department_list, staff_list, staff_of


@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_index(request: HttpRequest) -> HttpResponse:
    filterset = MatterFilter(request.GET, queryset=matter_list(user=request.user), request=request)
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "frontoffice/matters/list.html",
        {"filter": filterset, "page": page},
        fragment="frontoffice/matters/_rows.html",
    )


def _staff_choices(request: HttpRequest) -> Any:
    return staff_list(user=request.user).filter(user__is_active=True).order_by("name")


@permission_required("frontoffice.add_matter", raise_exception=True)
def matter_new(request: HttpRequest) -> HttpResponse:
    """Record a customer contact that needs follow-up; the recorder owns it (R-2.5). A
    call or a hall ticket can be the origin (?call= / ?ticket=)."""
    company = acting_company(request)
    code = prohibitions_in_force()
    initial: dict[str, Any] = {}
    call = ticket = None
    call_id, ticket_id = parse_id(request.GET.get("call")), parse_id(request.GET.get("ticket"))
    if call_id is not None:
        call = get_object_or_404(call_list(user=request.user), pk=call_id)
        initial = {"channel": Matter.Channel.PHONE, "customer_phone": call.caller, "call": call.pk}
    if ticket_id is not None:
        ticket = get_object_or_404(ticket_list(user=request.user), pk=ticket_id)
        initial = {"channel": Matter.Channel.COUNTER, "ticket": ticket.pk}
    form = MatterForm(
        request.POST or None,
        initial=initial,
        prohibitions=code.items.all() if code else None,
        staff=_staff_choices(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("call"):
            call = call_list(user=request.user).filter(pk=data["call"]).first()
        if data.get("ticket"):
            ticket = ticket_list(user=request.user).filter(pk=data["ticket"]).first()
        try:
            matter = matter_open(
                company=company,
                kind=data["kind"],
                channel=data["channel"],
                subject=data["subject"],
                description=data["description"],
                customer_name=data["customer_name"],
                customer_phone=data["customer_phone"],
                customer_account=data["customer_account"],
                received_at=data["received_at"],
                call=call,
                ticket=ticket,
                category=data["category"],
                about_conduct=data["about_conduct"],
                prohibition=data["prohibition"],
                staff_concerned=data["staff_concerned"],
                actor=request.user,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(matter)s was recorded; you own it.") % {"matter": matter}
            )
            return redirect("frontoffice:matter_detail", pk=matter.pk)
    return render(
        request,
        "frontoffice/matters/new.html",
        {"form": form, "call": call, "ticket": ticket, "prohibitions": code},
    )


def _matter(request: HttpRequest, pk: int) -> Matter:
    return get_object_or_404(
        matter_list(user=request.user).select_related(
            "customer", "call", "ticket", "complaint__prohibition", "complaint__staff_concerned"
        ),
        pk=pk,
    )


def _complaint(matter: Matter) -> Complaint | None:
    try:
        return matter.complaint
    except Complaint.DoesNotExist:
        return None


def _matter_forms(
    request: HttpRequest, matter: Matter, name: str = "", data: Any = None
) -> dict[str, forms.Form]:
    """The forms of a matter's page, blank, but the one called `name` bound to `data` (as
    sent, to show again with what is wrong). Several show at once and share field names
    (note, reason, department): each has its own ids, so that every label names its own
    field."""

    def sent(form: str) -> Any:
        return data if form == name else None

    departments = department_list(user=request.user).filter(
        company_id=matter.company_id, is_active=True
    )
    staff = _staff_choices(request)
    return {
        "refer_form": ReferralForm(
            sent("refer_form"),
            departments=departments.exclude(pk=matter.owner.department_id),
            due=referral_default_due(company=matter.company_id, on=timezone.localdate()),
            auto_id="id_refer_%s",
        ),
        "relay_form": RelayForm(sent("relay_form"), auto_id="id_relay_%s"),
        "owner_form": OwnerChangeForm(sent("owner_form"), staff=staff, auto_id="id_owner_%s"),
        "reason_form": ReasonForm(sent("reason_form"), auto_id="id_reopen_%s"),
        "contact_form": ContactForm(sent("contact_form"), auto_id="id_contact_%s"),
        "decide_form": DecideForm(sent("decide_form"), auto_id="id_decide_%s"),
        "assess_form": AssessmentForm(
            sent("assess_form"), departments=departments, staff=staff, auto_id="id_assess_%s"
        ),
    }


def _detail(
    request: HttpRequest, matter: Matter, matter_forms: dict[str, forms.Form]
) -> HttpResponse:
    me = staff_of(request.user)
    complaint = _complaint(matter)
    return render(
        request,
        "frontoffice/matters/detail.html",
        {
            "matter": matter,
            "complaint": complaint,
            "is_owner": me is not None and me.pk == matter.owner_id,
            "referrals": matter.referrals.select_related(
                "department", "referred_by", "answered_by"
            ).order_by("referred_at"),
            "relays": matter.relays.select_related("relayed_by").order_by("relayed_at"),
            "owner_changes": matter.owner_changes.select_related(
                "from_owner", "to_owner", "changed_by"
            ),
            "events": audit_history_for(matter),
            **matter_forms,
            "assessment": getattr(complaint, "assessment", None) if complaint else None,
            "today": timezone.localdate(),
            "may_reassign": request.user.has_perm("frontoffice.reassign_matter"),
            "may_decide": request.user.has_perm("frontoffice.decide_complaint"),
            "may_propose": request.user.has_perm("frontoffice.propose_assessment"),
        },
    )


@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    return _detail(request, matter, _matter_forms(request, matter))


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    action: Callable[[Matter, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Run one action on a matter from its page, with the form of its page called `name`
    (none: an action without fields). Done, back to the page; refused, the page again with
    the form as it was sent and what is wrong under its fields, so nothing typed is lost."""
    matter = _matter(request, pk)
    matter_forms = _matter_forms(request, matter, name, request.POST)
    form = matter_forms.get(name) or forms.Form(request.POST)
    if form.is_valid():
        try:
            action(matter, form.cleaned_data)
        except DomainError as error:
            if not name:
                messages.error(request, error.message)
                return redirect("frontoffice:matter_detail", pk=matter.pk)
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect("frontoffice:matter_detail", pk=matter.pk)
    messages.error(request, _("Nothing was recorded: see what is wrong in the form below."))
    return _detail(request, matter, matter_forms)


@require_POST
@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_refer_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "refer_form",
        lambda matter, data: matter_refer(matter=matter, actor=request.user, **data),
        _("The referral was recorded."),
    )


@require_POST
@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_relay_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "relay_form",
        lambda matter, data: matter_relay(matter=matter, actor=request.user, **data),
        _("The relay to the customer was recorded."),
    )


@require_POST
@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_contact_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "contact_form",
        lambda matter, data: complaint_contact(matter=matter, actor=request.user, **data),
        _("The contact with the customer was recorded."),
    )


@require_POST
@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "",
        lambda matter, data: matter_close(matter=matter, actor=request.user),
        _("The matter was closed."),
    )


@require_POST
@permission_required("frontoffice.view_matter", raise_exception=True)
def matter_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reason_form",
        lambda matter, data: matter_reopen(matter=matter, actor=request.user, **data),
        _("The matter was reopened."),
    )


@require_POST
@permission_required("frontoffice.reassign_matter", raise_exception=True)
def matter_owner_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "owner_form",
        lambda matter, data: matter_owner_change(matter=matter, actor=request.user, **data),
        _("The owner was changed."),
    )


@require_POST
@permission_required("frontoffice.decide_complaint", raise_exception=True)
def complaint_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(matter: Matter, data: dict[str, Any]) -> Any:
        complaint = _complaint(matter)
        if complaint is None:
            raise DomainError(_("This matter is not a complaint."))
        return complaint_decide(complaint=complaint, actor=request.user, **data)

    return _act(request, pk, "decide_form", decide, _("The finding was recorded."))


@require_POST
@permission_required("frontoffice.propose_assessment", raise_exception=True)
def complaint_assess_view(request: HttpRequest, pk: int) -> HttpResponse:
    def propose(matter: Matter, data: dict[str, Any]) -> Any:
        complaint = _complaint(matter)
        if complaint is None:
            raise DomainError(_("This matter is not a complaint."))
        return assessment_propose_from_complaint(complaint=complaint, actor=request.user, **data)

    return _act(
        request,
        pk,
        "assess_form",
        propose,
        _("The assessment item was proposed."),
    )


@permission_required("frontoffice.answer_referral", raise_exception=True)
def referral_index(request: HttpRequest) -> HttpResponse:
    """Referrals waiting for an answer from my department, the earliest due first."""
    rows = list(referrals_for_my_department(user=request.user).order_by("due", "id")[:200])
    return render(request, "frontoffice/matters/referrals.html", {"referrals": rows})


@permission_required("frontoffice.answer_referral", raise_exception=True)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(referral_list(user=request.user), pk=pk)
    me = staff_of(request.user)
    if not request.user.is_superuser and (me is None or me.department_id != referral.department_id):
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_answer(
                referral=referral, answer=form.cleaned_data["answer"], actor=request.user
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The answer was sent to the owner of the matter."))
            return redirect("frontoffice:referral_list")
    return render(
        request, "frontoffice/matters/referral.html", {"referral": referral, "form": form}
    )
