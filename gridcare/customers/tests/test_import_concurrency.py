"""Two imports into one company's register at the same moment (issue 4 item 2): on
PostgreSQL each runs on its own connection. The company's import lock makes the second
wait for the first, so a number both files bring is added once and then updated, and
neither import fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from gridcare.conftest import at_once
from gridcare.customers.models import Customer, CustomerImport
from gridcare.customers.services import customer_import_run
from gridcare.customers.tests.test_import import as_csv, row

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections importing at once)")


def queued(company: Any, user: Any, path: Path, rows: list[list[str]]) -> CustomerImport:
    path.write_bytes(as_csv(rows))
    return CustomerImport.objects.create(
        company=company,
        uploaded_by=user,
        uploaded_at=timezone.now(),
        file_name=path.name,
        path=str(path),
    )


def test_two_imports_bringing_the_same_numbers_at_once_both_complete(
    company: Any, marketing_director: Any, tmp_path: Path
) -> None:
    first = queued(
        company, marketing_director, tmp_path / "a.csv", [row(f"01{n:08d}") for n in range(60)]
    )
    second = queued(
        company,
        marketing_director,
        tmp_path / "b.csv",
        [row(f"01{n:08d}", phone="13322223333") for n in range(30, 90)],
    )
    results = at_once(
        lambda: customer_import_run(import_id=first.pk),
        lambda: customer_import_run(import_id=second.pk),
    )
    assert not [r for r in results if isinstance(r, Exception)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("done", "done")
    assert Customer.objects.filter(company=company).count() == 90
    # The thirty numbers both files bring (with different phones): added by whichever ran
    # first and updated by the other, never added twice.
    assert first.created + second.created == 90
    assert first.updated + second.updated == 30
    assert first.unchanged + second.unchanged == 0
