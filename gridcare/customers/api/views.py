"""The customers API (API.md "Customers")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from gridcare.core.api.permissions import ModelPermissions
from gridcare.customers.api.serializers import CustomerSerializer, CustomerUpdateSerializer
from gridcare.customers.models import Customer
from gridcare.customers.selectors import customer_by_account, customer_list, customer_search
from gridcare.customers.services import customer_create, customer_update
from gridcare.rules.api.views import company_from_request


@extend_schema(tags=["customers"])
class CustomerListView(generics.ListCreateAPIView):
    serializer_class = CustomerSerializer
    permission_classes = [ModelPermissions]

    def get_queryset(self) -> QuerySet[Customer]:
        qs = customer_list(user=self.request.user)
        return customer_search(qs, self.request.query_params.get("search", ""))

    @extend_schema(
        parameters=[OpenApiParameter("search", str, description="number, name, phone, address")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        named = request.data.get("company") if isinstance(request.data, dict) else None
        company = company_from_request(request.user, named or request.query_params.get("company"))
        data = dict(serializer.validated_data)
        customer = customer_create(
            company=company,
            account_number=data.pop("account_number"),
            actor=request.user,
            **data,
        )
        return Response(self.get_serializer(customer).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["customers"])
class CustomerDetailView(generics.RetrieveUpdateAPIView):
    serializer_class = CustomerSerializer
    permission_classes = [ModelPermissions]
    lookup_field = "account_number"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Customer]:
        return customer_list(user=self.request.user)

    def get_object(self) -> Customer:
        customer = customer_by_account(
            user=self.request.user, account_number=self.kwargs["account_number"]
        )
        if customer is None:
            raise Http404
        return customer

    @extend_schema(request=CustomerUpdateSerializer)
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        customer = self.get_object()
        serializer = CustomerUpdateSerializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        customer = customer_update(
            customer=customer, actor=request.user, **serializer.validated_data
        )
        return Response(CustomerSerializer(customer).data)
