"""Entering and correcting a year's arrangement (R-CAL-1, R-CAL-3; DESIGN.md 1, 3, 11)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gridcare.core.models import AuditEvent
from gridcare.workdays.models import CalendarDay, CalendarYear
from gridcare.workdays.selectors import (
    calendar_snapshot,
    calendar_version,
    calendar_year_arrangement,
)
from gridcare.workdays.services import calendar_year_enter
from gridcare.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.fixture
def signals() -> Iterator[list[dict[str, Any]]]:
    """Every calendar_changed sent, with what a receiver sees when it runs."""
    sent: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        snapshot = calendar_snapshot()
        sent.append(
            {
                **kwargs,
                "in_transaction": connection.in_atomic_block,
                "known_until": snapshot.last_known,
                "version": snapshot.version,
            }
        )

    calendar_changed.connect(receiver, dispatch_uid="test-workdays-signal")
    yield sent
    calendar_changed.disconnect(dispatch_uid="test-workdays-signal")


def test_entering_2027_makes_its_deadlines_final_and_signals_once(
    superuser: Any, entry_2027: dict[str, Any], signals: list[dict[str, Any]]
) -> None:
    """R-CAL-3: deadlines into 2027 stop being provisional once its notice is entered, and
    move where the notice differs from the computed statutory holidays."""
    before = calendar_snapshot().add_working_days(D("2026-12-30"), 5)
    assert (before.date, before.provisional) == (D("2027-01-07"), True)
    # Computed: Spring Festival Feb 5–8 with Feb 9–10 in lieu, so day 1 is Feb 11.
    eve = calendar_snapshot().add_working_days(D("2027-02-04"), 1)
    assert (eve.date, eve.provisional) == (D("2027-02-11"), True)

    entry = calendar_year_enter(**entry_2027, actor=superuser)

    after = calendar_snapshot().add_working_days(D("2026-12-30"), 5)
    # 2026-12-31 is day 1; New Year's Day block Jan 1–3; then Jan 4–7.
    assert (after.date, after.provisional) == (D("2027-01-07"), False)
    # The entered notice keeps Feb 5 a working day: the deadline is recomputed with it.
    eve = calendar_snapshot().add_working_days(D("2027-02-04"), 1)
    assert (eve.date, eve.provisional) == (D("2027-02-05"), False)
    assert calendar_snapshot().kind(D("2027-02-14")) == "makeup_workday"
    assert entry.corrected is False and entry.calendar_changed is True
    year = CalendarYear.objects.get(year=2027)
    assert (year.status, year.entered_by, year.source) == (
        "entered",
        superuser,
        entry_2027["source"],
    )
    assert CalendarDay.objects.filter(year=2027).count() == 365
    assert len(signals) == 1
    assert signals[0]["years"] == [2027] and signals[0]["actor"] == superuser
    # Sent inside the transaction, with the new calendar already visible to the receiver.
    assert signals[0]["in_transaction"] is True
    assert signals[0]["known_until"] == D("2027-12-31")
    assert signals[0]["version"] == calendar_version()
    event = AuditEvent.objects.get(action="workdays.year.entered")
    assert event.actor == superuser and event.object_repr == "2027"
    assert event.payload["makeup_days"][0] == ["2027-02-14", "春節"]


CONTRADICTIONS = [
    pytest.param(
        {"makeup_days": [(D("2027-02-06"), "春節")]},
        {"makeup_days"},
        id="a-day-both-holiday-and-make-up",
    ),
    pytest.param(
        {"makeup_days": [(D("2027-02-16"), "春節")]}, {"makeup_days"}, id="make-up-on-a-tuesday"
    ),
    pytest.param(
        {"holidays": [(D("2026-12-31"), D("2027-01-02"), "元旦")]},
        {"holidays"},
        id="range-outside-the-year",
    ),
    pytest.param(
        {"holidays": [(D("2027-02-12"), D("2027-02-06"), "春節")]},
        {"holidays"},
        id="range-ends-before-it-starts",
    ),
    pytest.param(
        {
            "holidays": [
                (D("2027-02-06"), D("2027-02-12"), "春節"),
                (D("2027-02-12"), D("2027-02-13"), "春節"),
            ]
        },
        {"holidays"},
        id="ranges-overlap",
    ),
    pytest.param({"holidays": []}, {"holidays"}, id="no-holidays"),
    pytest.param(
        {"holidays": [(D("2027-02-06"), D("2027-02-12"), " ")]}, {"holidays"}, id="no-name"
    ),
    pytest.param(
        {"makeup_days": [(D("2027-02-14"), "春節"), (D("2027-02-14"), "春節")]},
        {"makeup_days"},
        id="make-up-day-twice",
    ),
    pytest.param(
        {"makeup_days": [(D("2028-01-08"), "元旦")]}, {"makeup_days"}, id="make-up-outside-the-year"
    ),
    pytest.param({"source": "  "}, {"source"}, id="no-notice"),
    pytest.param({"year": 2028}, {"year", "holidays", "makeup_days"}, id="a-gap-before-2028"),
    pytest.param(
        {
            "source": "",
            "holidays": [(D("2027-02-06"), D("2027-02-12"), "春節")],
            "makeup_days": [(D("2027-02-06"), "春節"), (D("2027-02-16"), "春節")],
        },
        {"source", "makeup_days"},
        id="several-errors-at-once",
    ),
]


@pytest.mark.parametrize(("change", "fields"), CONTRADICTIONS)
def test_a_contradictory_entry_is_refused_whole_and_nothing_is_saved(
    superuser: Any,
    entry_2027: dict[str, Any],
    signals: list[dict[str, Any]],
    change: dict[str, Any],
    fields: set[str],
) -> None:
    """R-CAL-1 / DESIGN.md 11: every error named by field, and nothing changes."""
    version = calendar_version()
    with pytest.raises(ValidationError) as refused:
        calendar_year_enter(**{**entry_2027, **change}, actor=superuser)
    assert set(refused.value.message_dict) == fields
    assert not CalendarYear.objects.filter(year__gte=2027).exists()
    assert not CalendarDay.objects.filter(year__gte=2027).exists()
    assert not AuditEvent.objects.filter(action__startswith="workdays.").exists()
    assert calendar_version() == version
    assert signals == []


def test_errors_about_entries_say_which_entry(superuser: Any, entry_2027: dict[str, Any]) -> None:
    """The form shows each error on the line it is about, so the service names the entry."""
    makeup_days = [*entry_2027["makeup_days"], (D("2027-03-02"), "春節")]
    with pytest.raises(ValidationError) as refused:
        calendar_year_enter(**{**entry_2027, "makeup_days": makeup_days}, actor=superuser)
    (error,) = refused.value.error_dict["makeup_days"]
    assert error.code == "not_weekend"
    assert error.params["index"] == len(makeup_days) - 1
    assert "2027-03-02" in refused.value.message_dict["makeup_days"][0]


def test_a_correction_replaces_the_year_and_audits_the_differences(
    superuser: Any, signals: list[dict[str, Any]]
) -> None:
    """R-CAL-1: an administrator corrects a stored year; the audit lists what changed."""
    holidays, makeup_days = calendar_year_arrangement(2025)
    # Say Saturday 2025-10-11 had not been a make-up working day after all.
    makeup_days = [(d, n) for d, n in makeup_days if d != D("2025-10-11")]
    version = calendar_version()

    entry = calendar_year_enter(
        year=2025,
        holidays=holidays,
        makeup_days=makeup_days,
        source="國務院辦公廳關於2025年部分節假日安排的通知",
        actor=superuser,
    )

    assert entry.corrected is True
    assert [(c.date, c.old_kind, c.new_kind) for c in entry.changes] == [
        (D("2025-10-11"), "makeup_workday", "weekend")
    ]
    assert calendar_snapshot().add_working_days(D("2025-09-30"), 3).date == D("2025-10-13")
    assert calendar_version() != version
    assert [s["years"] for s in signals] == [[2025]]
    event = AuditEvent.objects.get(action="workdays.year.corrected")
    assert event.payload["changes"] == [
        {
            "date": "2025-10-11",
            "from": "makeup_workday",
            "to": "weekend",
            "name_from": "國慶節",
            "name_to": None,
        }
    ]
    assert event.payload["previous"]["status"] == "seeded"
    assert CalendarYear.objects.get(year=2025).status == "entered"


def test_confirming_a_year_unchanged_moves_no_deadline(
    superuser: Any, signals: list[dict[str, Any]]
) -> None:
    """Re-entering what is stored is audited but sends no signal and keeps the version."""
    holidays, makeup_days = calendar_year_arrangement(2026)
    version = calendar_version()
    entry = calendar_year_enter(
        year=2026, holidays=holidays, makeup_days=makeup_days, source="通知", actor=superuser
    )
    assert (entry.corrected, entry.changes, entry.calendar_changed) == (True, [], False)
    assert calendar_version() == version
    assert signals == []
    assert AuditEvent.objects.get(action="workdays.year.corrected").payload["changes"] == []


def test_the_year_before_the_first_may_be_entered(superuser: Any) -> None:
    """The calendar may grow backwards without a gap (2003 before the seeded 2004)."""
    calendar_year_enter(
        year=2003,
        holidays=[(D("2003-01-01"), D("2003-01-01"), "元旦")],
        makeup_days=[],
        source="國務院辦公廳關於2003年部分節假日安排的通知",
        actor=superuser,
    )
    assert calendar_snapshot().first_known == D("2003-01-01")
