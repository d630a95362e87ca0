"""The administration site (/admin/) is for deployment administrators (superusers).

A company administrator is not one: every page of the site is closed to them except the
models whose ModelAdmin declares `company_scoped = True` (CompanyScopedAdmin), which list
and offer only the rows of the companies they may see. A ModelAdmin registered without it
is a deployment administrator's page, whatever the user's model permissions say: a new
module's admin is closed to company staff until it is scoped (docs/security.md V8).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

#: django-axes (the sign-in lockout) ships no Chinese: its administration entries take
#: their names from the project's catalogue, in the language of the page.
AXES_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)


def name_lockout_app() -> None:
    """The lockout's section of the administration site is named in words, not "Axes"."""
    from django.apps import apps

    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Sign-in lockout")


class DeploymentOnly:
    """Mixed into every unscoped ModelAdmin: superusers only."""

    def has_module_permission(self, request: Any) -> bool:
        return bool(request.user.is_superuser and super().has_module_permission(request))  # type: ignore[misc]

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser and super().has_view_permission(request, obj))  # type: ignore[misc]

    def has_add_permission(self, request: Any, *args: Any) -> bool:
        return bool(request.user.is_superuser and super().has_add_permission(request, *args))  # type: ignore[misc]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser and super().has_change_permission(request, obj))  # type: ignore[misc]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser and super().has_delete_permission(request, obj))  # type: ignore[misc]


class GridCareAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not getattr(admin_class, "company_scoped", False):
            admin_class = type(admin_class.__name__, (DeploymentOnly, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


class GridCareAdminConfig(AdminConfig):
    default_site = "gridcare.core.adminsite.GridCareAdminSite"


class CompanyScopedAdmin(admin.ModelAdmin):
    """Rows of the companies the user may see (org.selectors.company_ids_visible), and
    choices of companies, departments, staff and users from those companies only."""

    company_scoped = True
    #: The lookup from the model to its company.
    company_path = "company"

    @staticmethod
    def _visible(request: Any) -> set[int] | None:
        from gridcare.org.selectors import company_ids_visible

        return company_ids_visible(request.user)

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)
        visible = self._visible(request)
        return qs if visible is None else qs.filter(**{f"{self.company_path}__in": visible})

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        from django.contrib.auth import get_user_model

        from gridcare.org.models import Company

        visible = self._visible(request)
        related = db_field.related_model
        if visible is not None:
            if related is Company:
                kwargs["queryset"] = Company.objects.filter(pk__in=visible)
            elif related is get_user_model():
                # A login without a staff record yet may be attached; a deployment
                # administrator's or another company's may not.
                kwargs["queryset"] = related.objects.filter(is_superuser=False).filter(
                    Q(staff__isnull=True) | Q(staff__company_id__in=visible)
                )
            elif any(f.name == "company" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(company_id__in=visible)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
