"""The console of `make run` stays readable: the demo's logins come last, the console
channel's notices go to a file, and a refused request is logged in one line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from gridcare.core import demo as core_demo
from gridcare.field.channels import ConsoleAdapter
from gridcare.org.demo import LOGINS

pytestmark = pytest.mark.django_db


def _notifying_loader(company: Any) -> str:
    ConsoleAdapter().send(recipient="13800000000", subject="停電通知", body="demo notice")
    return "notices sent"


def test_demo_prints_the_logins_last_and_says_where_notices_go(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        core_demo, "_LOADERS", {"notices": core_demo.DemoLoader("notices", _notifying_loader)}
    )
    call_command("demo")
    lines = capsys.readouterr().out.rstrip().splitlines()
    assert "demo notice" not in "\n".join(lines)
    assert any(str(settings.FIELD_CONSOLE_OUTBOX) in line for line in lines)
    assert [line.split()[0] for line in lines[-len(LOGINS) :]] == [
        login.username for login in LOGINS
    ]


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the terminal's log handler writes, captured."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_a_refused_request_is_logged_in_one_line(
    client: Any, counter_clerk: Any, console: io.StringIO
) -> None:
    client.force_login(counter_clerk)
    response = client.get(reverse("frontoffice:import_list"))
    assert response.status_code == 403
    written = console.getvalue()
    assert "Forbidden" in written and "/calls/imports/" in written
    assert "Traceback" not in written
    assert len(written.strip().splitlines()) == 1


def test_a_server_error_keeps_its_traceback(console: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("django.request").error("Internal Server Error: /x", exc_info=True)
    assert "Traceback" in console.getvalue()
