"""The ledger over the API: the same scope, filters and services as the pages (R-4.2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gridcare.assessments.api.serializers import (
    AppealSerializer,
    DecisionSerializer,
    ItemSerializer,
)
from gridcare.assessments.filters import ItemFilter
from gridcare.assessments.models import AssessmentItem
from gridcare.assessments.selectors import item_list
from gridcare.assessments.services import (
    assessment_appeal_decide,
    assessment_item_appeal,
    assessment_item_review,
)
from gridcare.core.api.permissions import require


class LedgerAccess(BasePermission):
    """Readers of the ledger, and departments that may appeal (their own items)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (
                user.has_perm("assessments.view_assessmentitem")
                or user.has_perm("assessments.appeal_assessmentitem")
            )
        )


def _items(request: Request | None) -> QuerySet[AssessmentItem]:
    if request is None or getattr(request.user, "pk", None) is None:
        # The schema generator has no user: it only needs the model.
        return AssessmentItem.objects.none()
    return item_list(user=request.user).select_related("evidence_type")


@extend_schema(tags=["assessments"])
class ItemListView(generics.ListAPIView):
    serializer_class = ItemSerializer
    permission_classes = [LedgerAccess]
    filterset_class = ItemFilter

    def get_queryset(self) -> QuerySet[AssessmentItem]:
        return _items(self.request)


@extend_schema(tags=["assessments"])
class ItemDetailView(generics.RetrieveAPIView):
    serializer_class = ItemSerializer
    permission_classes = [LedgerAccess]

    def get_queryset(self) -> QuerySet[AssessmentItem]:
        return _items(self.request)


def _decide(request: Request, pk: int, service: Callable[..., Any]) -> Response:
    item = get_object_or_404(_items(request), pk=pk)
    data = DecisionSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    service(
        item=item,
        decision=data.validated_data["decision"],
        points=data.validated_data.get("points"),
        reason=data.validated_data.get("reason", ""),
        actor=request.user,
    )
    return Response(ItemSerializer(_items(request).get(pk=pk)).data)


@extend_schema(tags=["assessments"], request=DecisionSerializer, responses=ItemSerializer)
class ItemReviewView(APIView):
    permission_classes = [require("assessments.review_assessmentitem")]

    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, assessment_item_review)


@extend_schema(tags=["assessments"], request=DecisionSerializer, responses=ItemSerializer)
class AppealDecideView(APIView):
    permission_classes = [require("assessments.review_assessmentitem")]

    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, assessment_appeal_decide)


@extend_schema(tags=["assessments"], request=AppealSerializer, responses=ItemSerializer)
class ItemAppealView(APIView):
    permission_classes = [require("assessments.appeal_assessmentitem")]

    def post(self, request: Request, pk: int) -> Response:
        item = get_object_or_404(_items(request), pk=pk)
        data = AppealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment_item_appeal(
            item=item,
            reason=data.validated_data["reason"],
            actor=request.user,  # type: ignore[arg-type]
        )
        return Response(ItemSerializer(_items(request).get(pk=pk)).data)
