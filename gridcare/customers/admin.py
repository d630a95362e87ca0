from django.contrib import admin

from gridcare.customers.models import Customer, CustomerImport


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["account_number", "name", "category", "voltage", "town", "is_key_account"]
    list_filter = ["category", "voltage", "is_key_account"]
    search_fields = ["account_number", "name", "phone"]
    show_full_result_count = False
    # Changes go through the services (audited): the admin only reads.

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CustomerImport)
class CustomerImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "company", "uploaded_at", "status", "created", "updated"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
