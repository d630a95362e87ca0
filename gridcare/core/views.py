"""Pages of the core app: home, the audit search, ending a user's sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.core import home as home_panels
from gridcare.core.filters import AuditEventFilter
from gridcare.core.forms import NotificationPreferenceForm
from gridcare.core.htmx import render_page
from gridcare.core.models import NotificationPreference
from gridcare.core.pagination import keyset_page
from gridcare.core.selectors import (
    audit_event_list,
    digest_entries,
    notices_grouped,
    notification_list,
)
from gridcare.core.services import (
    audit_log,
    notification_preference_set,
    notifications_mark_read,
    session_end_all,
)
from gridcare.org.selectors import company_for, staff_list


def home(request: HttpRequest) -> HttpResponse:
    """Each role's day: the work due first, then the figures it watches (ROLES.md)."""
    company = company_for(request.user)
    return render(
        request,
        "core/home.html",
        {"company": company, "panels": home_panels.panels_for(request)},
    )


@permission_required("core.view_auditevent", raise_exception=True)
def audit_search(request: HttpRequest) -> HttpResponse:
    filterset = AuditEventFilter(request.GET, queryset=audit_event_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "core/audit_search.html",
        {"filter": filterset, "page": page},
        fragment="core/_audit_rows.html",
    )


@require_POST
@permission_required("org.end_user_sessions", raise_exception=True)
def end_sessions(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator ends every session of a user (e.g. a lost phone)."""
    target = get_object_or_404(get_user_model(), pk=user_id)
    # Row permission: only users of a company the administrator may see.
    if (
        not request.user.is_superuser
        and not staff_list(user=request.user).filter(user=target).exists()
    ):
        raise PermissionDenied
    session_end_all(user=target, actor=request.user)
    messages.success(request, _("All sessions of %(user)s were ended.") % {"user": target})
    return redirect("org:staff_list")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (validators: at least 12 characters), audited."""

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            # The form's user is the account whose password changed.
            audit_log(action="core.auth.password_changed", actor=form.user, obj=form.user)
        return response


def notifications(request: HttpRequest) -> HttpResponse:
    """The user's reminders and alerts, notices of one kind about one record on one line;
    opening a page of them marks them read."""
    page = keyset_page(notification_list(user=request.user), request)
    unread_ids = [n.pk for n in page.items if n.read_at is None]
    preference = NotificationPreference.objects.filter(user=request.user).first()  # type: ignore[misc]
    form = NotificationPreferenceForm(
        initial={"delivery": "digest" if preference is None or preference.digest else "each"}
    )
    response = render(
        request,
        "core/notifications.html",
        {
            "page": page,
            "groups": notices_grouped(page.items, unread_ids=unread_ids),
            "unread_ids": unread_ids,
            "preference_form": form,
        },
    )
    notifications_mark_read(user=request.user, ids=unread_ids)  # type: ignore[arg-type]
    return response


@require_POST
def notification_preference(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferenceForm(request.POST)
    if form.is_valid():
        notification_preference_set(
            user=request.user,  # type: ignore[arg-type]
            digest=form.cleaned_data["delivery"],
        )
        messages.success(request, _("Your choice was saved."))
    else:
        messages.error(request, _("Choose how breach and reminder notices reach you."))
    return redirect("core:notifications")


def notification_digest(request: HttpRequest, pk: int) -> HttpResponse:
    """One daily digest: its notices grouped by record, each line opening its record."""
    digest = get_object_or_404(notification_list(user=request.user).filter(kind="digest"), pk=pk)
    entries = digest_entries(user=request.user, digest=digest)
    return render(
        request,
        "core/notification_digest.html",
        {"digest": digest, "groups": notices_grouped(entries)},
    )
