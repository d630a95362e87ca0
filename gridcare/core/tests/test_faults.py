"""Faults (issue 9, item 8): the task queue's Redis goes away and comes back, the mail
server fails, the database refuses connections. Each test shows what a person (or the
calling code) sees and that nothing is lost, sent twice or half saved."""

from __future__ import annotations

import contextlib
import os
import smtplib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
import redis
from django.core import mail
from django.core.mail.backends import locmem
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from huey import RedisHuey
from huey.consumer import Worker
from huey.contrib.djhuey import HUEY

from gridcare.conftest import PASSWORD
from gridcare.core.models import AuditEvent, Notification
from gridcare.core.services import notification_email_send, notify
from gridcare.core.tasks import send_notification_email
from gridcare.integrations.services import api_token_issue

# --- (a) the task queue's Redis goes away and comes back -----------------------------------

REDIS = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
# The suite's own database: the queue's name is unique to the test and nothing in the suite
# flushes a database (gridcare/core/tests/redis_cache.py), so no other worker touches it.
REDIS_TEST_DB = int(REDIS.path.lstrip("/") or 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisLink:
    """A TCP relay in front of the real Redis that can be cut and restored on the same
    port: to the application, Redis goes away and comes back (the real server, shared
    with others, is never stopped)."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = free_port()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        # Short accept timeouts let the accepting thread notice that the link was cut.
        listener.settimeout(0.05)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._sockets = []

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def redis_link() -> Iterator[RedisLink]:
    host, port = REDIS.hostname or "127.0.0.1", REDIS.port or 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        pytest.skip(f"no Redis at {host}:{port} (start redis-server or set REDIS_URL)")
    link = RedisLink(host, port)
    link.start()
    yield link
    link.stop()


@pytest.mark.redis
def test_tasks_survive_redis_going_away_and_coming_back(redis_link: RedisLink, caplog) -> None:
    """Huey does not buffer: while Redis is away, enqueueing raises ConnectionError at once
    (the caller knows the task was not queued), tasks queued before stay in Redis, a
    consumer logs the error and backs off instead of dying, and once Redis is back the
    same process queues again without a restart."""
    name = f"gridcare-faults-{uuid.uuid4().hex[:8]}"
    queue = RedisHuey(name, url=f"redis://127.0.0.1:{redis_link.port}/{REDIS_TEST_DB}")
    ran: list[str] = []

    @queue.task()
    def record(value: str) -> None:
        ran.append(value)

    try:
        record("before")
        redis_link.stop()

        # The pooled connection breaks first ("reset"), then reconnecting is refused.
        with pytest.raises(redis.exceptions.ConnectionError):
            record("during")
        with pytest.raises(redis.exceptions.ConnectionError, match="Connection refused"):
            record("during, again")
        worker = Worker(queue, threading.Event(), default_delay=0.01, max_delay=1, backoff=2)
        worker.loop()  # one turn of a consumer's worker while Redis is away
        assert "Error reading from queue" in caplog.text
        assert worker.delay == pytest.approx(0.02)  # it waits longer before the next try

        redis_link.start()
        record("after")
        assert queue.pending_count() == 2
        while (task := queue.dequeue()) is not None:
            queue.execute(task)
        assert ran == ["before", "after"]
    finally:
        direct = f"redis://{REDIS.hostname or '127.0.0.1'}:{REDIS.port or 6379}/{REDIS_TEST_DB}"
        RedisHuey(name, url=direct).flush()


# --- (b) the mail server fails --------------------------------------------------------------


class FailingMailServer(locmem.EmailBackend):
    """The email adapter whose server drops the connection the next `failures` times."""

    failures = 0
    delay = 0.0

    def send_messages(self, email_messages: Any) -> int:
        time.sleep(FailingMailServer.delay)
        if FailingMailServer.failures > 0:
            FailingMailServer.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


@pytest.fixture
def mail_server(settings: Any) -> Iterator[type[FailingMailServer]]:
    settings.EMAIL_BACKEND = f"{__name__}.FailingMailServer"
    FailingMailServer.failures, FailingMailServer.delay = 0, 0.0
    # Tests run Huey in immediate mode: a retry waits in its in-memory schedule.
    HUEY.flush()
    yield FailingMailServer
    HUEY.flush()


def scheduled_retries() -> list[Any]:
    return [t for t in HUEY.scheduled() if isinstance(t, send_notification_email.task_class)]


def failures_recorded() -> list[str]:
    events = AuditEvent.objects.filter(action="core.notification.email_failed").order_by("id")
    return [event.payload["error"] for event in events]


@pytest.mark.django_db
def test_a_failing_mail_server_is_retried_recorded_and_the_email_sent_once(
    mail_server: type[FailingMailServer], counter_clerk, django_capture_on_commit_callbacks
) -> None:
    mail_server.failures = 1
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=counter_clerk, key="due:1", title="到期提醒", body="R-2.10")
    notification = Notification.objects.get(recipient=counter_clerk)

    assert mail.outbox == []
    assert notification.emailed_at is None
    assert failures_recorded() == ["SMTPServerDisconnected: Connection unexpectedly closed"]
    [retry] = scheduled_retries()
    assert retry.retries == 2  # 3 retries configured, one now planned
    wait = (retry.eta - HUEY._get_timestamp()).total_seconds()
    assert 50 < wait <= 60

    # A minute later the consumer's scheduler runs the retry: the server works again.
    for task in HUEY.read_schedule(retry.eta):
        HUEY.execute(task, timestamp=retry.eta)
    assert [m.subject for m in mail.outbox] == ["到期提醒"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None

    # The same task delivered again (a consumer restarted after sending): no second email.
    send_notification_email(notification.pk)
    assert len(mail.outbox) == 1
    assert scheduled_retries() == []


@pytest.mark.django_db
def test_after_the_last_retry_every_failure_stays_recorded(
    mail_server: type[FailingMailServer], counter_clerk, django_capture_on_commit_callbacks
) -> None:
    mail_server.failures = 100
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=counter_clerk, key="due:2", title="到期提醒")
    while retries := scheduled_retries():
        for task in HUEY.read_schedule(retries[0].eta):
            HUEY.execute(task, timestamp=retries[0].eta)

    assert len(failures_recorded()) == 4  # the first attempt and 3 retries
    assert mail.outbox == []
    assert Notification.objects.get(recipient=counter_clerk).emailed_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_the_same_email_at_once_send_it_once(
    mail_server: type[FailingMailServer], counter_clerk
) -> None:
    """Two consumers took the same task (a retry racing a slow first attempt): the row
    lock makes the second wait and then find the email sent."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite runs one writer at a time anyway)")
    counter_clerk.email = "clerk@example.org"
    counter_clerk.save()
    notify(recipient=counter_clerk, key="due:3", title="到期提醒", email=False)
    notification = Notification.objects.get(recipient=counter_clerk)
    mail_server.delay = 0.5
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            notification_email_send(notification_id=notification.pk)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(mail.outbox) == 1


# --- (c) the database refuses connections ---------------------------------------------------

MIDDLEWARE_PATH = "gridcare.core.middleware.DatabaseUnavailableMiddleware"


def test_the_database_page_sits_before_the_session(settings: Any) -> None:
    """A failure while the session loads or saves is caught too."""
    middleware = list(settings.MIDDLEWARE)
    assert middleware.index(MIDDLEWARE_PATH) < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def refused_connection_error() -> OperationalError:
    """The error Django raises for a real refused connection: PostgreSQL on a port where
    nothing listens, or an SQLite file that cannot be opened."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=free_port())
    else:
        settings_dict["NAME"] = "/nonexistent-directory/gridcare.sqlite3"
    down = type(connections["default"])(settings_dict, alias="down")
    with pytest.raises(OperationalError) as refused:
        down.ensure_connection()
    return refused.value


@contextlib.contextmanager
def database_refusing(when: Callable[[str], bool] = lambda sql: True) -> Iterator[None]:
    """Every statement for which `when(sql)` holds fails as if the database refused."""
    error = refused_connection_error()

    def refuse(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if when(sql):
            raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.django_db
def test_a_page_says_the_database_is_down_with_503_and_no_traceback(counter_clerk) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(counter_clerk)
    with database_refusing():
        response = client.get(reverse("home"))

    assert response.status_code == 503
    page = response.content.decode()
    assert "資料庫暫時無法連線" in page
    assert "The database is temporarily unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["Retry-After"] == "30"
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    # When the database answers again, so does the page.
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_api_answers_503_in_json_when_the_database_is_down(counter_clerk) -> None:
    token = api_token_issue(user=counter_clerk)
    client = Client(raise_request_exception=False)
    with database_refusing():
        response = client.get(
            reverse("calendar_api:day", args=["2026-10-01"]),
            HTTP_AUTHORIZATION=f"Token {token}",
        )
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


@pytest.mark.django_db
def test_a_write_cut_off_by_the_database_leaves_nothing_half_saved(counter_clerk) -> None:
    """The password change saves the user, then its audit row; the database fails on the
    second write: the first is rolled back with it (one transaction)."""
    client = Client(raise_request_exception=False)
    client.force_login(counter_clerk)
    form = {
        "old_password": PASSWORD,
        "new_password1": "a-new-long-passphrase-2026",
        "new_password2": "a-new-long-passphrase-2026",
    }
    with database_refusing(when=lambda sql: 'INSERT INTO "core_auditevent"' in sql):
        response = client.post(reverse("password_change"), form)

    assert response.status_code == 503
    counter_clerk.refresh_from_db()
    assert counter_clerk.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="core.auth.password_changed").exists()
    # The same request with the database up: saved, and audited.
    assert client.post(reverse("password_change"), form).status_code == 302
    counter_clerk.refresh_from_db()
    assert counter_clerk.check_password("a-new-long-passphrase-2026")
    assert AuditEvent.objects.filter(action="core.auth.password_changed").count() == 1


@pytest.mark.django_db
def test_other_errors_keep_the_generic_error_page(counter_clerk, monkeypatch) -> None:
    """Only a database that cannot be reached is reported as "try again later"."""
    client = Client(raise_request_exception=False)
    client.force_login(counter_clerk)

    def broken(request: Any) -> dict[str, Any]:
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("gridcare.core.home.panels_for", broken)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "資料庫暫時無法連線" not in response.content.decode()
