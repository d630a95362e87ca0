"""The applications API (API.md "Connection applications")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gridcare.applications.api.serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    EventSerializer,
)
from gridcare.applications.filters import ApplicationFilter
from gridcare.applications.models import Application
from gridcare.applications.selectors import application_list, attach_clocks
from gridcare.applications.services import application_receive, application_record_event
from gridcare.core.api.permissions import ModelPermissions, require
from gridcare.customers.selectors import customer_list
from gridcare.org.selectors import staff_of
from gridcare.rules.api.views import company_from_request


def _full(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.prefetch_related("steps__recorded_by", "conditions__confirmed_by")


class ApplicationFilterAll(ApplicationFilter):
    """The API lists every application unless `queue` asks for a work queue."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and hasattr(data, "copy"):
            data = data.copy()
            data.setdefault("queue", "all")
        super().__init__(data, *args, **kwargs)


@extend_schema(tags=["applications"])
class ApplicationListView(generics.ListCreateAPIView):
    serializer_class = ApplicationSerializer
    permission_classes = [ModelPermissions]
    filterset_class = ApplicationFilterAll

    def get_queryset(self) -> QuerySet[Application]:
        return _full(application_list(user=self.request.user))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return attach_clocks(page) if page is not None else None

    @extend_schema(request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = ApplicationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        company = company_from_request(request.user, data.get("company"))
        customer = (
            customer_list(user=request.user)
            .filter(company=company, account_number=data["customer"])
            .first()
        )
        if customer is None:
            raise ValidationError({"customer": [_("No customer has this account number.")]})
        staff = staff_of(request.user)
        application = application_receive(
            company=company,
            customer=customer,
            kind=data["kind"],
            received_at=data["received_at"],
            residential_lighting=data["residential_lighting"],
            requested_capacity_kva=data.get("requested_capacity_kva"),
            note=data["note"],
            actor=request.user,
            department=staff.department if staff and staff.company_id == company.pk else None,
            staff=staff if staff and staff.company_id == company.pk else None,
        )
        body = ApplicationSerializer(_full(Application.objects.all()).get(pk=application.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["applications"])
class ApplicationDetailView(generics.RetrieveAPIView):
    serializer_class = ApplicationSerializer
    permission_classes = [ModelPermissions]

    def get_queryset(self) -> QuerySet[Application]:
        return _full(application_list(user=self.request.user))


@extend_schema(tags=["applications"])
class ApplicationEventView(APIView):
    permission_classes = [require("applications.view_application", "applications.record_step")]

    @extend_schema(request=EventSerializer, responses={200: ApplicationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        application = get_object_or_404(application_list(user=request.user), pk=pk)
        event = EventSerializer(data=request.data)
        event.is_valid(raise_exception=True)
        application_record_event(
            application=application,
            event=event.validated_data["type"],
            at=event.validated_data["at"],
            note=event.validated_data["note"],
            conditions_met_at=event.validated_data.get("conditions_met_at"),
            procedures_completed_at=event.validated_data.get("procedures_completed_at"),
            actor=request.user,
        )
        return Response(ApplicationSerializer(_full(Application.objects.all()).get(pk=pk)).data)
