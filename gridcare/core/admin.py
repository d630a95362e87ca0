from django.contrib import admin

from gridcare.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit rows are never changed or deleted."""

    list_display = ["at", "action", "actor_label", "object_repr", "company"]
    list_filter = ["company"]
    search_fields = ["action", "actor_label", "object_repr"]
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
