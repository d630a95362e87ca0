"""POST /api/v1/auth/token/: username and password in, a token out (docs/security.md V6)."""

from __future__ import annotations

from axes.helpers import get_lockout_message
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from gridcare.core.api import gates
from gridcare.core.api.serializers import TokenRequestSerializer, TokenResponseSerializer
from gridcare.core.services import audit_log
from gridcare.integrations.services import api_token_issue


class TokenRateThrottle(AnonRateThrottle):
    rate = "30/min"


class ObtainTokenView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Missing fields or wrong credentials."),
            429: OpenApiResponse(description="Locked out after repeated failures."),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            return Response(
                {"detail": str(get_lockout_message())},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to log in with the username and password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        # A password alone must not open what another module protects (the two-step
        # login's policy, say): such accounts sign in on the pages; the API's tokens are
        # for integration accounts.
        refusal = gates.token_refusal(user)
        if refusal:
            audit_log(
                action="core.auth.token_refused", actor=user, obj=user, request=django_request
            )
            return Response({"non_field_errors": [refusal]}, status=status.HTTP_403_FORBIDDEN)
        # A new token replaces the user's previous one; it is shown this once (only its
        # hash is kept) and is checked again at every use.
        return Response({"token": api_token_issue(user=user, actor=user, request=django_request)})
