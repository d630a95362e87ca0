"""Signals of the working-day calendar."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent when the working-day calendar changed: a year was entered, or a correction changed
#: at least one of its days (R-CAL-1, R-CAL-3).
#:
#: Keyword arguments: ``years`` (``list[int]``, the years whose days changed) and ``actor``
#: (the user who made the change).
#:
#: It is sent **inside** the transaction that changed the calendar, on purpose, and not
#: through ``transaction.on_commit``: a receiver (the rules app) recomputes the stored
#: deadlines that depend on those years, set-based, in the same transaction, and records
#: the change (R-CAL-3). So the new calendar and the deadlines computed from it commit
#: together or not at all: no reader ever sees the new calendar beside old deadlines, and
#: a receiver that fails rolls the calendar change back instead of leaving deadlines stale.
#: When the signal is sent the new days and the new calendar version are already written,
#: so ``gridcare.workdays.selectors.calendar_snapshot()`` called by a receiver answers with
#: the new calendar. Receivers must therefore be quick, must not swallow errors they cannot
#: handle, and must not do anything that cannot be rolled back (mail, HTTP): queue such
#: work with ``transaction.on_commit`` themselves.
calendar_changed = Signal()
