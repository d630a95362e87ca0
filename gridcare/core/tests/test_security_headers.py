"""Browser-side protections (ASVS V3, V14): every answer carries the headers, and no
template carries what the Content Security Policy would have to allow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("gridcare/*/templates"),
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


@pytest.mark.parametrize("path", ["/accounts/login/", "/service/", "/"])
def test_every_answer_carries_the_protective_headers(client, counter_clerk, path) -> None:
    client.force_login(counter_clerk)
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]


def test_no_template_needs_an_inline_script_style_or_handler() -> None:
    offences = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, HANDLER_ATTRIBUTE):
                offences += [f"{template}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offences == []


def test_the_session_and_csrf_cookies_are_not_readable_by_scripts(client, counter_clerk) -> None:
    response = client.post(
        "/accounts/login/", {"username": counter_clerk.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
