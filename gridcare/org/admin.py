"""Administration of the organisation. Edits here are audited through the admin log
and, for actions that change security state, through services. Staff and departments are
a company administrator's daily work: scoped to their company (core.adminsite)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gridcare.core.adminsite import CompanyScopedAdmin
from gridcare.core.services import session_end_all
from gridcare.customers.validators import validate_name
from gridcare.org.models import Company, Department, Position, Staff


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "service_phone"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(CompanyScopedAdmin):
    list_display = ["code", "name", "kind", "company", "is_active"]
    list_filter = ["company", "kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(Staff)
class StaffAdmin(CompanyScopedAdmin):
    list_display = ["employee_number", "name", "department", "position", "company", "user"]
    list_filter = ["company", "department__kind", "position__kind"]
    search_fields = ["name", "employee_number", "user__username"]
    list_select_related = ["department", "position", "company", "user"]
    raw_id_fields = ["user"]
    actions = ["end_sessions"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "name" and field is not None:
            # A person's name: the one rule of customers.validators (docs/security.md, V2).
            field.validators.append(validate_name)
        return field

    def has_end_sessions_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("org.end_user_sessions")

    @admin.action(
        description=_("End all sessions of the selected staff"), permissions=["end_sessions"]
    )
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[Staff]) -> None:
        # The selection comes from the scoped list; ids of another company are dropped
        # here again, so a forged selection ends nobody's session there.
        queryset = self.get_queryset(request).filter(pk__in=queryset.values("pk"))
        for staff in queryset.select_related("user"):
            session_end_all(user=staff.user, actor=request.user)
        self.message_user(request, _("Sessions ended."), messages.SUCCESS)
