"""`manage.py integration_account create|list|rotate|revoke`: accounts for other systems.

create NAME --company CODE --role ROLE... makes the account and prints its token once;
rotate NAME prints a new token (the old one stops working); revoke NAME stops every token
of the account; list shows each account, its company, roles and live token (prefix and
expiry, never the key).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.errors import DomainError
from gridcare.integrations.models import ApiToken, IntegrationAccount
from gridcare.integrations.services import (
    integration_account_create,
    integration_account_revoke,
    integration_account_rotate,
)
from gridcare.org.models import Company


class Command(BaseCommand):
    help = "Create, list, rotate or revoke the API accounts of other systems."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Make an account and print its token once.")
        create.add_argument("name")
        create.add_argument("--company", required=True, help="The supply company's code.")
        create.add_argument("--role", nargs="+", required=True, dest="roles")
        actions.add_parser("list", help="Every account with its roles and live token.")
        rotate = actions.add_parser("rotate", help="Print a new token; the old one stops.")
        rotate.add_argument("name")
        revoke = actions.add_parser("revoke", help="Stop every token of the account.")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as error:
            raise CommandError(f"{error.field}: {error.message}") from error

    def _account(self, name: str) -> IntegrationAccount:
        account = IntegrationAccount.objects.select_related("user").filter(user__username=name)
        found = account.first()
        if found is None:
            raise CommandError(f"name: no integration account {name!r}.")
        return found

    def _print_token(self, key: str) -> None:
        self.stdout.write("Token (shown only this once; send as `Authorization: Token <token>`):")
        self.stdout.write(key)

    def _create(self, options: dict[str, Any]) -> None:
        company = Company.objects.filter(code=options["company"]).first()
        if company is None:
            raise CommandError(f"company: no supply company with code {options['company']!r}.")
        account, key = integration_account_create(
            name=options["name"], company=company, roles=options["roles"]
        )
        self.stdout.write(f"Created {account} for {company.code}.")
        self._print_token(key)

    def _list(self, options: dict[str, Any]) -> None:
        accounts = IntegrationAccount.objects.select_related("user", "company").prefetch_related(
            "user__groups"
        )
        for account in accounts:
            roles = ",".join(sorted(g.name for g in account.user.groups.all()))
            token = ApiToken.objects.live().filter(user=account.user).first()
            state = f"{token.prefix}… until {token.expires_at:%Y-%m-%d}" if token else "no token"
            self.stdout.write(f"{account}\t{account.company.code}\t{roles}\t{state}")

    def _rotate(self, options: dict[str, Any]) -> None:
        key = integration_account_rotate(account=self._account(options["name"]))
        self._print_token(key)

    def _revoke(self, options: dict[str, Any]) -> None:
        count = integration_account_revoke(account=self._account(options["name"]))
        self.stdout.write(f"Revoked {count} token(s) of {options['name']}.")
