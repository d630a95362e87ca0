"""The published OpenAPI schema, fuzzed with schemathesis (issue 9, ASVS V13).

Every operation of the schema that GridCare publishes at /api/schema/ is called with
generated requests (valid and invalid), authenticated with an API token of a user who
may use every endpoint. Each answer must not be a server error and must match the
schema (status code documented, body of the documented shape, content type, headers).
How strictly an endpoint rejects odd input is not judged here (a lenient `page_size=` is
not a defect); that is what the endpoints' own tests check. The number
of examples per operation is bounded so that CI stays fast; FUZZ_EXAMPLES raises it.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gridcare.integrations.services import api_token_issue

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

# The schema exactly as /api/schema/ publishes it (same generator, public view).
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection at the end of each request; in a
    test that connection holds the test's transaction (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(db, superuser) -> str:
    return api_token_issue(user=superuser)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case, api_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {api_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            response_headers_conformance,
        ],
    )
