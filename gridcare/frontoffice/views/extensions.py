"""The CSC director's list of agent extensions (which agent answers on which extension),
kept on a page of the product rather than in the administration site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, form_error
from gridcare.frontoffice.forms import AgentExtensionForm
from gridcare.frontoffice.models import AgentExtension
from gridcare.frontoffice.selectors import agent_extension_list
from gridcare.frontoffice.services.extensions import (
    agent_extension_add,
    agent_extension_change,
    agent_extension_remove,
)
from gridcare.frontoffice.views.common import acting_company
from gridcare.org.models import Company, Staff
from gridcare.org.selectors import staff_list


def _agents(request: HttpRequest, company: Company) -> QuerySet[Staff]:
    return (
        staff_list(user=request.user)
        .filter(company=company, user__is_active=True)
        .order_by("department__name", "name")
    )


@permission_required("frontoffice.view_agentextension", raise_exception=True)
def extension_index(request: HttpRequest) -> HttpResponse:
    """The list, and a form to assign an extension (POST, with the add permission)."""
    company = acting_company(request)
    form = AgentExtensionForm(request.POST or None, staff=_agents(request, company))
    if request.method == "POST":
        if not request.user.has_perm("frontoffice.add_agentextension"):
            raise PermissionDenied
        if form.is_valid():
            try:
                row = agent_extension_add(company=company, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Extension %(extension)s is %(name)s's.")
                    % {"extension": row.extension, "name": row.staff.name},
                )
                return redirect("frontoffice:extension_list")
    rows = list(agent_extension_list(user=request.user).filter(company=company)[:1000])
    return render(request, "frontoffice/calls/extensions.html", {"form": form, "rows": rows})


@permission_required("frontoffice.change_agentextension", raise_exception=True)
def extension_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an extension's agent or number, or remove it (POST `action=remove`)."""
    company = acting_company(request)
    row: AgentExtension = get_object_or_404(
        agent_extension_list(user=request.user).filter(company=company), pk=pk
    )
    initial = {"extension": row.extension, "staff": row.staff}
    form = AgentExtensionForm(
        request.POST or None, initial=initial, staff=_agents(request, company)
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        if not request.user.has_perm("frontoffice.delete_agentextension"):
            raise PermissionDenied
        agent_extension_remove(row=row, actor=request.user)
        messages.success(
            request, _("Extension %(extension)s was removed.") % {"extension": row.extension}
        )
        return redirect("frontoffice:extension_list")
    if request.method == "POST" and form.is_valid():
        try:
            agent_extension_change(row=row, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The extension was changed."))
            return redirect("frontoffice:extension_list")
    return render(request, "frontoffice/calls/extension_edit.html", {"form": form, "row": row})
