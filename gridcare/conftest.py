"""Personas and shared fixtures for every app's tests (DESIGN.md convention 12).

Each persona is a real user with a staff record in a department of the right kind and
the role (group) of ROLES.md. `other_company` holds a second county company so that row
scoping can be shown to hold.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from gridcare.org.models import Company, Department, Position, Staff

PASSWORD = "correct-horse-battery-staple"

PERSONAS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (department kind, position kind, roles)
    "counter_clerk": ("service_hall", "staff", ("counter_clerk",)),
    "csc_agent": ("csc", "staff", ("csc_agent",)),
    "csc_director": ("csc", "director", ("csc_director", "keyaccount_contact")),
    "marketing_director": ("marketing", "director", ("marketing", "keyaccount_contact")),
    "leader": ("leadership", "deputy_gm_marketing", ("leadership", "keyaccount_contact")),
    "prodtech": ("production_technology", "director", ("production_technology",)),
    "field_unit": ("line", "staff", ("field_unit",)),
    "dispatcher": ("dispatch", "staff", ("dispatch_planner",)),
    "supervision_officer": ("supervision", "staff", ("supervision",)),
    "administrator": ("other", "staff", ("administrator",)),
}


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach outside this machine."""
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"network access to {host!r} is blocked in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mfa: runs with the two-step login policy in force (off for other tests)"
    )
    # Every persona is a user with a password: PBKDF2's million rounds cost half a second
    # each, so tests hash with a fast algorithm. Production keeps PBKDF2 (a test in
    # core/tests/test_system.py reads it from the production settings).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _cache_per_worker(settings)


def _cache_per_worker(settings: Any) -> None:
    """With a Redis cache, every test process (each pytest-xdist worker, a lone run too)
    keeps its keys under a prefix of its own in the suite's Redis database, and clearing
    the cache before and after each test deletes those keys only: it never wipes another
    worker's counters (a rate limit, say) or a queue another test is filling
    (gridcare/core/tests/redis_cache.py)."""
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        return
    cache["BACKEND"] = "gridcare.core.tests.redis_cache.ProcessRedisCache"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
    # The process id as well: two runs on one machine may both have a worker gw0.
    cache["KEY_PREFIX"] = f"gridcare-test-{worker}-{os.getpid()}"


@pytest.fixture(autouse=True)
def _second_step_off(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests sign in with force_login and never pass the second step: outside tests marked
    `mfa`, nobody is asked for it (gridcare.mfa's own tests keep production behaviour)."""
    if request.node.get_closest_marker("mfa"):
        return
    from gridcare.mfa import policy

    monkeypatch.setattr(policy, "second_step_required", lambda user: False)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _company(code: str, name: str) -> Company:
    company, _ = Company.objects.get_or_create(code=code, defaults={"name": name})
    return company


@pytest.fixture
def company(db: None) -> Company:
    return _company("dazu", "大足供電公司")


@pytest.fixture
def own_measures(company: Company) -> Any:
    """The company's own copy of the shared measures, as the demo company has (R-1.3): its
    marketing department may revise them. Returns the company's profile."""
    from gridcare.rules.models import RuleProfile
    from gridcare.rules.services import profile_adopt

    shared = RuleProfile.objects.get(is_default=True)
    return profile_adopt(
        company=company, profile=shared, effective_from=shared.effective_from, actor=None
    )


@pytest.fixture
def other_company(db: None) -> Company:
    return _company("tongliang", "銅梁供電公司")


@pytest.fixture
def make_staff(db: None) -> Callable[..., Any]:
    """make_staff("counter_clerk", company=..., username=...) → a user with staff and roles."""
    counter = {"n": 0}

    def make(persona: str, *, company: Company, username: str | None = None, **extra: Any) -> Any:
        kind, position_kind, roles = PERSONAS[persona]
        counter["n"] += 1
        username = username or f"{persona}{counter['n']}-{company.code}"
        department, _ = Department.objects.get_or_create(
            company=company, code=kind, defaults={"name": kind, "kind": kind}
        )
        position, _ = Position.objects.get_or_create(
            code=position_kind, defaults={"name": position_kind, "kind": position_kind}
        )
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
        user.groups.set(Group.objects.filter(name__in=roles))
        Staff.objects.create(
            user=user,
            company=company,
            department=department,
            position=position,
            employee_number=f"E{user.pk:05d}",
            name=f"{persona} {counter['n']}",
        )
        return user

    return make


def _persona_fixture(persona: str) -> Any:
    @pytest.fixture(name=persona)
    def fixture(make_staff: Callable[..., Any], company: Company) -> Any:
        return make_staff(persona, company=company, username=persona)

    return fixture


for _persona in PERSONAS:
    globals()[_persona] = _persona_fixture(_persona)


@pytest.fixture
def superuser(db: None) -> Any:
    return get_user_model().objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.org"
    )


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the test item, so that fixtures can tell whether the
    test failed (the browser fixture saves a screenshot then)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on as many threads, each with its own connection, released together
    by a barrier; each call's result, or the exception it raised, in the calls' order.
    Messages in English, as the tests compare them."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=10)
                results[index] = call()
        # Any error, an IntegrityError too, is kept: the assertions show it, where an
        # exception escaping the thread would only be printed.
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a call did not finish"
    return results
