"""`manage.py demo`: load the demo company (idempotent). Refused when DEBUG is off unless
--allow-production is given: production has no default accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from gridcare.core.demo import loaders
from gridcare.org.demo import DEMO_PASSWORD, load_demo_organisation


class Command(BaseCommand):
    help = "Load the demo county power supply company with one login per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts even with DEBUG off (never on a real deployment).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not settings.TESTING and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off; "
                "pass --allow-production for a throw-away system."
            )
        result = load_demo_organisation()
        for loader in loaders():
            self.stdout.write(f"{loader.name}: {loader.load(result.company)}")
        translation.activate(settings.LANGUAGE_CODE)
        verb = "Created" if result.created else "Already present"
        self.stdout.write(f"{verb}: {result.company.name} with {result.staff_count} staff.")
        # The task consumer sends the demo's outage notices after this command: they go to
        # a file (settings.LOGGING), so that the logins stay the last thing on the screen.
        self.stdout.write(
            f"Console SMS and email notices are written to {settings.FIELD_CONSOLE_OUTBOX}."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<14} {login.role_label}  {login.name}")
