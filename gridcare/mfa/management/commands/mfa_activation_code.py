"""`manage.py mfa_activation_code USERNAME`: the activation code a user needs to set up
two-step login, printed once. For accounts no administrator on the pages can serve: the
first deployment administrator (a superuser) above all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.errors import DomainError
from gridcare.mfa.activation import activation_code_issue


class Command(BaseCommand):
    help = "Issue the activation code a user needs to set up two-step login (printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        target = get_user_model().objects.filter(username=options["username"]).first()
        if target is None:
            raise CommandError(f"username: no account {options['username']!r}.")
        try:
            code = activation_code_issue(target=target, actor=None)
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        self.stdout.write("Activation code (shown only this once, valid for 72 hours):")
        self.stdout.write(code)
