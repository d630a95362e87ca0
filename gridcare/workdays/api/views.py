"""The working-day calendar API (API.md "Working-day calendar"; R-CAL-1..3).

Read-only arithmetic for other systems: every authenticated user may ask (the project's
default permission). Each answer costs the authentication query and one version query:
the calendar snapshot itself is kept in memory.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gridcare.workdays.api.serializers import (
    AddWorkingDaysQuerySerializer,
    AddWorkingDaysSerializer,
    DayPathSerializer,
    DaySerializer,
    WorkingDaysBetweenQuerySerializer,
    WorkingDaysBetweenSerializer,
)
from gridcare.workdays.selectors import calendar_snapshot

BAD_INPUT = OpenApiResponse(description="Bad input: the body names each offending field.")
NO_CREDENTIALS = OpenApiResponse(description="No valid credentials.")


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class DayView(APIView):
    @extend_schema(
        operation_id="calendar_day",
        summary="One day of the working-day calendar",
        description=(
            "The kind of a day under the official arrangement (R-CAL-1). In a year whose "
            "arrangement is not entered, the statutory holidays (and their days in lieu) "
            "are computed from the holiday regulation, no make-up working day is known, "
            "and the answer is provisional (R-CAL-3)."
        ),
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD"
            )
        ],
        responses={200: DaySerializer, 400: BAD_INPUT, 401: NO_CREDENTIALS},
        tags=["calendar"],
    )
    def get(self, request: Request, date: str) -> Response:
        day = _valid(DayPathSerializer, {"date": date})["date"]
        snapshot = calendar_snapshot()
        kind = snapshot.kind(day)
        return Response(
            DaySerializer(
                {
                    "date": day,
                    "is_working_day": kind.is_working,
                    "kind": kind.value,
                    "name": snapshot.name(day),
                    "provisional": not snapshot.is_known(day),
                }
            ).data
        )


class AddWorkingDaysView(APIView):
    @extend_schema(
        operation_id="calendar_add_working_days",
        summary="The n-th working day after a day",
        description=(
            "The n-th working day strictly after `start` (R-CAL-2): `start` itself is never "
            "counted, and an event on a day off counts the next working day as day 1. "
            "`provisional` is true when any counted day lies in a year whose arrangement "
            "has not been entered (R-CAL-3)."
        ),
        parameters=[AddWorkingDaysQuerySerializer],
        responses={200: AddWorkingDaysSerializer, 400: BAD_INPUT, 401: NO_CREDENTIALS},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = _valid(AddWorkingDaysQuerySerializer, request.query_params)
        try:
            result = calendar_snapshot().add_working_days(query["start"], query["days"])
        except (OverflowError, ValueError):
            # Only a start in the last days of year 9999 gets here: the answer has no date.
            raise serializers.ValidationError(
                {"days": [_("The result would fall after 9999-12-31.")]}
            ) from None
        return Response(
            AddWorkingDaysSerializer(
                {**query, "date": result.date, "provisional": result.provisional}
            ).data
        )


class WorkingDaysBetweenView(APIView):
    @extend_schema(
        operation_id="calendar_working_days_between",
        summary="Working days between two days",
        description=(
            "The number of working days d with start < d ≤ end (R-CAL-2), so "
            "add-working-days(start, n) = end exactly when this is n and end is a working "
            "day. When end is before start the answer is negative: minus the number of "
            "working days d with end < d ≤ start, so between(a, b) = -between(b, a)."
        ),
        parameters=[WorkingDaysBetweenQuerySerializer],
        responses={200: WorkingDaysBetweenSerializer, 400: BAD_INPUT, 401: NO_CREDENTIALS},
        tags=["calendar"],
    )
    def get(self, request: Request) -> Response:
        query = _valid(WorkingDaysBetweenQuerySerializer, request.query_params)
        result = calendar_snapshot().working_days_between(query["start"], query["end"])
        return Response(
            WorkingDaysBetweenSerializer({**query, "working_days": result.working_days}).data
        )
