"""Signals of the measures engine, for the apps that act on its results without the
engine knowing them (the assessment ledger scores breaches)."""

from django.dispatch import Signal

#: Sent with `breaches` (a list of Breach) that were opened, or opened again, in the
#: sender's transaction: one signal for a whole batch of the sweep.
breaches_opened = Signal()
