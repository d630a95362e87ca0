"""The registry behind `manage.py generate`: each module's generator adds its size option,
runs in one transaction and reports rows per second; bad requests are refused whole."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gridcare.core import generate
from gridcare.core.management.commands.generate import Command
from gridcare.core.models import TaskHeartbeat

pytestmark = pytest.mark.django_db


def heartbeats(context: generate.GenerateContext, size: int) -> generate.Generated:
    rng = context.random("heartbeats")
    now = timezone.now()
    written = context.copy(
        TaskHeartbeat._meta.db_table,
        ("name", "last_run_at"),
        ((f"beat-{context.seed}-{n}-{rng.randrange(1000)}", now) for n in range(size)),
    )
    return generate.Generated(rows=written, details=[f"as of {context.today}"])


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        generate._GENERATORS,
        "heartbeats",
        generate.Generator("heartbeats", heartbeats, help="test rows", order=1),
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


def test_every_registered_generator_has_its_size_option(registered) -> None:
    options = Command().create_parser("manage.py", "generate").format_help()
    assert "--heartbeats N" in options and "--clocks N" in options
    assert "--provisional" in options  # the clocks generator's own option
    assert [g.name for g in generate.generators()][:1] == ["heartbeats"]


def test_a_generator_writes_its_rows_and_the_command_reports_the_rate(registered, company) -> None:
    output = run("--heartbeats", "250", "--company", "dazu", "--today", "2026-03-01")
    assert TaskHeartbeat.objects.count() == 250
    assert "heartbeats: 250 rows in" in output and "rows/s" in output
    assert "as of 2026-03-01" in output


def test_the_same_seed_draws_the_same_stream(company) -> None:
    def draw(seed: int, name: str) -> list[float]:
        context = generate.GenerateContext(
            company=company,
            seed=seed,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
            today=date(2026, 1, 1),
        )
        stream = context.random(name)
        return [stream.random() for _ in range(5)]

    assert draw(1, "clocks") == draw(1, "clocks")
    assert draw(1, "clocks") != draw(2, "clocks")
    assert draw(1, "clocks") != draw(1, "calls")


def test_copy_writes_every_row(company) -> None:
    now = timezone.now()
    rows = ((f"row-{n}", now) for n in range(generate.SQLITE_MAX_ROWS // 2 + 7))
    written = generate.copy_rows(TaskHeartbeat._meta.db_table, ("name", "last_run_at"), rows)
    assert written == TaskHeartbeat.objects.count() == generate.SQLITE_MAX_ROWS // 2 + 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Say how much"),
        (("--heartbeats", "5", "--company", "nowhere"), "No company"),
        (("--heartbeats", "5", "--from", "2026-02-01", "--to", "2026-01-01"), "before"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(registered, company, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not TaskHeartbeat.objects.exists()


def test_without_copy_only_small_sizes_are_taken(registered, company) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL takes any size through COPY")
    with pytest.raises(CommandError, match="PostgreSQL"):
        run("--heartbeats", str(generate.SQLITE_MAX_ROWS + 1))
    assert not TaskHeartbeat.objects.exists()


def test_malformed_sizes_and_dates_name_the_option(registered) -> None:
    for args in (("--heartbeats", "lots"), ("--heartbeats", "5", "--from", "2026-13-01")):
        with pytest.raises(CommandError, match=r"--heartbeats|--from"):
            run(*args)
