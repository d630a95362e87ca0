"""How the audit trail of customers and their imports reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gridcare.core.audit_actions import Field, model_fields, register
from gridcare.customers.models import Customer

IMPORT_FIELDS = {
    "created": _("Created"),
    "updated": _("Updated"),
    "unchanged": _("Unchanged"),
    "rejected": _("Rejected rows"),
}


def account_number_of(pk: int) -> str:
    """A customer's number for its row id (data that keeps the id)."""
    number = Customer.objects.filter(pk=pk).values_list("account_number", flat=True).first()
    return number or str(pk)


CUSTOMER_BY_ID = Field(_("Customer number"), render=account_number_of)


def register_actions() -> None:
    register(
        {"customers.customer.created": _("Customer created")},
        fields={"account_number": _("Customer number")},
    )
    # The data of a change is {field: [before, after]}, keyed by the customer's fields.
    register(
        {"customers.customer.changed": _("Customer details changed")},
        fields=model_fields(Customer, changes=True),
    )
    register(
        {
            "customers.customer.key_account_set": _("Designated a key account"),
            "customers.customer.key_account_unset": _("No longer a key account"),
            "customers.import.uploaded": _("Customer file uploaded"),
            "customers.import.completed": _("Customer import completed"),
            "customers.import.resumed": _("Customer import resumed"),
            "customers.import.interrupted": _("Customer import interrupted"),
            "customers.import.given_up": _("Customer import given up"),
        },
        fields=IMPORT_FIELDS,
    )
