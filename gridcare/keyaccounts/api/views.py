"""GET /api/v1/keyaccounts/: the key accounts the caller may see, with contact and this half
year's visit (R-3.4, R-3.6.1). Row scope and filters are the list page's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from gridcare.core.api.permissions import require
from gridcare.customers.models import Customer
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.api.serializers import KeyAccountSerializer
from gridcare.keyaccounts.filters import KeyAccountFilter
from gridcare.keyaccounts.selectors import attach_service_state, keyaccount_list


@extend_schema(tags=["key accounts"])
class KeyAccountListView(generics.ListAPIView):
    serializer_class = KeyAccountSerializer
    permission_classes = [require("keyaccounts.view_designation")]
    filterset_class = KeyAccountFilter

    def get_queryset(self) -> QuerySet[Customer]:
        if getattr(self, "swagger_fake_view", False):
            # The schema generator has no user to scope by.
            return Customer.objects.none()
        return keyaccount_list(user=self.request.user)

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_service_state(page, timezone.localdate())
            criteria.attach_criteria(page)
        return page
