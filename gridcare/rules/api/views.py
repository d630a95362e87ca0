"""GET /api/v1/compliance/ (API.md "Compliance")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gridcare.core.query import check_date_range
from gridcare.org.models import Company
from gridcare.org.selectors import company_for, company_ids_visible
from gridcare.rules.api.serializers import ComplianceQuerySerializer, ComplianceSerializer
from gridcare.rules.compliance import compliance_by_standard


def company_from_request(user: Any, code: str | None) -> Company:
    """The company a request acts for (API.md "General"): the user's own, or the one named
    by `company` among those the user may see."""
    if code:
        company = Company.objects.filter(code=code).first()
        visible = company_ids_visible(user)
        if company is None or (visible is not None and company.pk not in visible):
            raise ValidationError({"company": [_("Unknown company.")]})
        return company
    company = company_for(user)
    if company is None:
        raise ValidationError({"company": [_("Name the company: this user acts for several.")]})
    return company


class ComplianceView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("company", str, required=False),
        ],
        responses=ComplianceSerializer,
        tags=["compliance"],
    )
    def get(self, request: Request) -> Response:
        query = ComplianceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        errors = {}
        for name in ("from", "to"):
            try:
                check_date_range(params[name])
            except DjangoValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)
        company = company_from_request(request.user, params.get("company"))
        rows = compliance_by_standard(
            company=company, date_from=params["from"], date_to=params["to"]
        )
        body = {
            "from": params["from"].isoformat(),
            "to": params["to"].isoformat(),
            "standards": [
                {
                    "code": row.code,
                    "clause": row.clause.number,
                    "title": row.title,
                    "total": row.counts.total,
                    "met": row.counts.met,
                    "breached": row.counts.breached,
                    "exempted": row.counts.exempted,
                    "running": row.counts.running,
                    "rate": row.counts.rate,
                }
                for row in rows
            ],
        }
        return Response(body)
