"""Pages of the customer register: search, detail with the timeline, edit, import."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError, form_error
from gridcare.core.htmx import render_page
from gridcare.core.pagination import keyset_page
from gridcare.core.query import parse_id
from gridcare.core.selectors import audit_history_for
from gridcare.customers import imports
from gridcare.customers.filters import CustomerFilter
from gridcare.customers.forms import CustomerForm, ImportForm
from gridcare.customers.models import CustomerImport
from gridcare.customers.selectors import (
    customer_import_list,
    customer_list,
    import_rejections,
)
from gridcare.customers.services import (
    EDITABLE_FIELDS,
    customer_create,
    customer_import_give_up,
    customer_import_resume,
    customer_import_start,
    customer_update,
)
from gridcare.customers.timeline import timeline_for
from gridcare.org.selectors import company_for

REJECTIONS_PAGE = 100


@permission_required("customers.view_customer", raise_exception=True)
def customer_list_view(request: HttpRequest) -> HttpResponse:
    filterset = CustomerFilter(request.GET, queryset=customer_list(user=request.user))
    page = keyset_page(filterset.qs, request) if filterset.is_valid() else None
    return render_page(
        request,
        "customers/customer_list.html",
        {"filter": filterset, "page": page},
        fragment="customers/_customer_rows.html",
    )


@permission_required("customers.view_customer", raise_exception=True)
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_object_or_404(customer_list(user=request.user), pk=pk)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "timeline": timeline_for(customer),
            "events": audit_history_for(customer),
        },
    )


@permission_required("customers.add_customer", raise_exception=True)
def customer_create_view(request: HttpRequest) -> HttpResponse:
    company = company_for(request.user)
    if company is None:
        raise PermissionDenied
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        try:
            customer = customer_create(
                company=company,
                account_number=form.cleaned_data["account_number"],
                actor=request.user,
                **data,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The customer was added."))
            return redirect("customers:customer_detail", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form})


@permission_required("customers.change_customer", raise_exception=True)
def customer_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_object_or_404(customer_list(user=request.user), pk=pk)
    form = CustomerForm(request.POST or None, instance=customer)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        try:
            customer_update(customer=customer, actor=request.user, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The customer was saved."))
            return redirect("customers:customer_detail", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@permission_required("customers.import_customers", raise_exception=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    company = company_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if company is None:
            raise PermissionDenied
        try:
            customer_import = customer_import_start(
                company=company,
                upload=form.cleaned_data["file"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("customers:import_detail", pk=customer_import.pk)
    recent = list(customer_import_list(user=request.user)[:10])
    return render(
        request,
        "customers/import_upload.html",
        {"form": form, "recent": recent, "columns": imports.COLUMNS},
    )


@permission_required("customers.import_customers", raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress (polled by htmx while it runs) and its rejected lines; POST
    `action=resume|give_up` for an interrupted import whose file is kept."""
    customer_import = get_object_or_404(customer_import_list(user=request.user), pk=pk)
    if request.method == "POST":
        act = {"resume": customer_import_resume, "give_up": customer_import_give_up}.get(
            request.POST.get("action", "")
        )
        try:
            if act is None:
                raise DomainError(_("Choose to resume the import or to give it up."))
            act(customer_import=customer_import, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("customers:import_detail", pk=customer_import.pk)
    running = customer_import.status in (
        CustomerImport.Status.QUEUED,
        CustomerImport.Status.RUNNING,
    )
    rejections: list[object] = []
    next_after = None
    if not running:
        after = parse_id(request.GET.get("after"))
        qs = import_rejections(customer_import)
        if after is not None:
            qs = qs.filter(line__gt=after)
        rejections = list(qs[: REJECTIONS_PAGE + 1])
        if len(rejections) > REJECTIONS_PAGE:
            rejections = rejections[:REJECTIONS_PAGE]
            next_after = rejections[-1].line  # type: ignore[attr-defined]
    context = {
        "imp": customer_import,
        "running": running,
        "rejections": rejections,
        "next_after": next_after,
    }
    return render_page(
        request, "customers/import_detail.html", context, fragment="customers/_import_status.html"
    )


@permission_required("customers.import_customers", raise_exception=True)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The column layout as an empty file with one example row."""
    example = [
        "0100012345", "陳大明", "居民", "低壓", "1", "龍崗街道", "龍崗街道五星大道12號",
        "13800000000", "", "", "", "2400", "A", "否", "否", "否", "否",
    ]  # fmt: skip
    # Headers in words: the import reads a column by its label as well as by its key.
    header = [c.label for c in imports.COLUMNS]
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerow(example)
        response = HttpResponse(
            ("\ufeff" + text.getvalue()).encode("utf-8"), content_type="text/csv"
        )
        response["Content-Disposition"] = 'attachment; filename="customers-template.csv"'
        return response
    if fmt != "xlsx":
        raise Http404
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "customers"
    sheet.append(header)
    sheet.append(example)
    notes = workbook.create_sheet("說明")
    notes.append([_("column"), _("or its key"), _("required"), _("values")])
    for column in imports.COLUMNS:
        notes.append(
            [column.label, column.code, _("yes") if column.required else "", str(column.help)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="customers-template.xlsx"'
    return response
