"""`manage.py queue_followups [--company CODE] [--since YYYY-MM-DD]`: run the daily scan
now (R-3.8.2), e.g. after a migration or to look further back once."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gridcare.followups.services import followups_queue
from gridcare.org.models import Company


class Command(BaseCommand):
    help = "Queue follow-up calls for a sample of the records closed since the last scan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", help="company code (default: every company)")
        parser.add_argument("--since", help="scan from this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        companies = Company.objects.order_by("pk")
        if options["company"]:
            companies = companies.filter(code=options["company"])
            if not companies.exists():
                raise CommandError(f"No company has the code {options['company']!r}.")
        since = None
        if options["since"]:
            try:
                day = datetime.strptime(options["since"], "%Y-%m-%d").date()
            except ValueError as error:
                raise CommandError("--since takes a date as YYYY-MM-DD.") from error
            since = timezone.make_aware(datetime.combine(day, time.min))
        for company in companies:
            count = followups_queue(company=company, since=since)
            self.stdout.write(f"{company.code}: {count} follow-up calls queued")
