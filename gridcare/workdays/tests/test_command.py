"""`manage.py workdays`: the calendar from a shell, one answer per line (R-CAL-1..3)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (("add", "2025-09-30", "3"), "2025-10-11\n"),
        (("add", "2026-12-30", "5"), "2027-01-07 (provisional)\n"),
        (("between", "2025-09-30", "2025-10-11"), "3\n"),
        (("between", "2025-10-11", "2025-09-30"), "-3\n"),
        (("between", "2026-12-30", "2027-01-07"), "5 (provisional)\n"),
        (("day", "2025-10-11"), "2025-10-11 makeup_workday 國慶節\n"),
        (("day", "2025-10-12"), "2025-10-12 weekend\n"),
        (("day", "2027-01-01"), "2027-01-01 holiday 元旦 (provisional)\n"),
    ],
)
def test_the_command_prints_exactly_the_answer(args: tuple[str, ...], output: str) -> None:
    """R-CAL-2 arithmetic; R-CAL-3 marks answers that rely on an unentered year."""
    assert run(*args) == output


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2025-09-31", "3"),
        ("add", "2025-09-30", "0"),
        ("add", "2025-09-30", "1001"),
        ("add", "2025-09-30", "three"),
        ("add", "9999-12-30", "5"),
        ("between", "2025-09-30"),
        ("day", "tomorrow"),
        ("weekday", "2025-09-30"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run(*args)
