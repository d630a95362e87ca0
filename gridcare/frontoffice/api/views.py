"""POST /api/v1/calls/import/ (API.md "Call records from the phone system") and the call
list."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gridcare.core.api.permissions import ModelPermissions, require
from gridcare.frontoffice.api.serializers import (
    CallImportRequestSerializer,
    CallImportResultSerializer,
    CallRecordSerializer,
)
from gridcare.frontoffice.filters import CallFilter
from gridcare.frontoffice.models import CallImport, CallRecord
from gridcare.frontoffice.rejections import rejection_message
from gridcare.frontoffice.selectors import call_list
from gridcare.frontoffice.services.cdr_import import call_import_create, call_import_run
from gridcare.rules.api.views import company_from_request


class CallImportView(APIView):
    """Imports at once and answers with the counts and every rejected line."""

    parser_classes = [MultiPartParser]
    permission_classes = [require("frontoffice.import_callrecord")]

    @extend_schema(
        operation_id="calls_import",
        summary="Import call records (Asterisk Master.csv)",
        description=(
            "No header; columns accountcode, src, dst, dcontext, clid, channel, dstchannel, "
            "lastapp, lastdata, start, answer, end, duration, billsec, disposition, amaflags, "
            "and optionally uniqueid, userfield; times are local (Asia/Shanghai). Importing "
            "the same file twice imports nothing the second time. A rejected line never "
            "stops the good ones; every rejected line is listed with its number and reason."
        ),
        request={"multipart/form-data": CallImportRequestSerializer},
        responses={
            200: CallImportResultSerializer,
            400: OpenApiResponse(description="No file: the body names the field."),
        },
        tags=["calls"],
    )
    def post(self, request: Request) -> Response:
        body = CallImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        company = company_from_request(
            request.user,
            request.query_params.get("company") or request.POST.get("company"),
        )
        batch = call_import_create(
            company=company,
            source=CallImport.Source.API,
            filename=upload.name or "Master.csv",
            size=upload.size or 0,
            actor=request.user,
        )
        result = call_import_run(
            batch=batch, stream=getattr(upload, "file", upload), actor=request.user
        )
        rejected = [
            {"line": line, "error": rejection_message(code, detail)}
            for line, code, detail in batch.rejections.order_by("line").values_list(
                "line", "code", "detail"
            )
        ]
        return Response(
            {"imported": result.imported, "duplicates": result.duplicates, "rejected": rejected}
        )


class CallListView(generics.ListAPIView):
    """Calls the user may see, newest first (cursor-paginated)."""

    serializer_class = CallRecordSerializer
    permission_classes = [ModelPermissions]
    filterset_class = CallFilter
    queryset = CallRecord.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return call_list(user=self.request.user)

    @extend_schema(tags=["calls"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)
