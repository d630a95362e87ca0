"""The published OpenAPI schema names the error answers every endpoint can give.

drf-spectacular documents the success answer of each operation; the error answers come
from the project-wide handlers (core.api.errors, authentication, permissions, throttling)
and are the same everywhere, so they are added here once: 400 with the fields at fault,
401 without valid credentials, 403 without the permission, 404 for a record that does not
exist or lies outside the caller's company, 415 when a body comes in a format the
operation does not read (a malformed multipart upload, say), 429 when throttled. An
integrator (and the schema fuzzing test) can then rely on every answer being described.
"""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Each key names a field (or non_field_errors) with its messages.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}
ANSWERS = {
    "400": ("Invalid input: the fields at fault, each with its messages.", "ValidationError"),
    "401": ("No valid credentials.", "Error"),
    "403": ("The caller may not do this.", "Error"),
    "404": ("No such record in the caller's company.", "Error"),
    "415": ("The body's media type is not one this operation reads.", "Error"),
    "429": ("Too many requests: try again later.", "Error"),
}


def add_error_answers(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, (description, schema) in ANSWERS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
