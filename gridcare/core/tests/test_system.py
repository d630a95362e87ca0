"""The running system: production settings pass check --deploy, the real server starts
and answers, /healthz reports the database and the queue, and a task runs through Redis."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with DEBUG off, as a real deployment has it, on a throw-away SQLite."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "HUEY_IMMEDIATE",
            "PYTEST_XDIST_WORKER",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not k.startswith("PYTEST_")
    }
    env.update(
        DJANGO_SECRET_KEY="test-" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GRIDCARE_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_hash_passwords_with_pbkdf2(tmp_path: Path) -> None:
    """ASVS 11.4: a slow, salted hash (the tests themselves use a fast one)."""
    result = manage(
        production_env(tmp_path),
        "shell",
        "-c",
        "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "pbkdf2_sha256"


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_the_test_switch(tmp_path: Path) -> None:
    """GRIDCARE_TESTING would turn off secure cookies, HTTPS and HSTS: refused with DEBUG
    off outside the test runner; allowed for a local run with DEBUG on."""
    result = manage(production_env(tmp_path, GRIDCARE_TESTING="1"), "check")
    assert result.returncode != 0
    assert "GRIDCARE_TESTING" in result.stderr
    local = manage(production_env(tmp_path, GRIDCARE_TESTING="1", DEBUG="1"), "check")
    assert local.returncode == 0, local.stderr


def test_an_imported_pytest_does_not_switch_production_to_test_settings(tmp_path: Path) -> None:
    """A production process that happens to import pytest keeps production settings (it
    refuses to start rather than run with the protections off)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pytest, django; django.setup()",
        ],
        cwd=ROOT,
        env={**production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_the_test_runner_still_runs_with_test_settings() -> None:
    assert settings.TESTING
    assert not settings.SESSION_COOKIE_SECURE
    assert not settings.SECURE_SSL_REDIRECT


def test_the_demo_command_is_refused_in_production(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--no-input").returncode == 0
    result = manage(env, "demo")
    assert result.returncode != 0
    assert "Refusing" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.server
def test_gunicorn_serves_healthz_and_the_login_page(tmp_path: Path) -> None:
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    for step in (("migrate", "--no-input"), ("collectstatic", "--no-input")):
        done = manage({**env, "STATIC_ROOT": str(tmp_path / "static")}, *step)
        assert done.returncode == 0, done.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(tmp_path / "static")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
            assert response.status == 200
            body = json.load(response)
        # A load balancer's probe is anonymous: the verdict, nothing about the system.
        assert body == {"status": "ok"}
        with urllib.request.urlopen(base + "/accounts/login/", timeout=5) as response:  # noqa: S310
            assert response.status == 200
            page = response.read().decode()
            assert "登入" in page
            assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        # A hashed, compressed static file is served by whitenoise.
        css = page.split('href="/static/css/gridcare.')[1].split('"')[0]
        with urllib.request.urlopen(f"{base}/static/css/gridcare.{css}", timeout=5) as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_healthz_reports_database_and_queue_to_staff(client, counter_clerk) -> None:
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
    client.force_login(counter_clerk)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == {"ok": True, "vendor": connection.vendor}
    assert body["task_queue"]["reachable"] is True
    assert body["task_queue"]["consumer_alive"] is False


@pytest.mark.django_db
def test_healthz_shows_the_last_heartbeat(client, counter_clerk) -> None:
    from gridcare.core.tasks import heartbeat

    heartbeat.call_local()
    client.force_login(counter_clerk)
    body = client.get(reverse("healthz")).json()
    assert body["task_queue"]["last_heartbeat"] is not None
    assert body["task_queue"]["consumer_alive"] is True


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_a_real_task_runs_through_redis_in_a_consumer(tmp_path: Path) -> None:
    """Enqueue the heartbeat in one process; a real consumer takes it from Redis and runs it."""
    env = production_env(
        tmp_path,
        DEBUG="1",
        REDIS_URL=os.environ["REDIS_URL"],
        HUEY_IMMEDIATE="0",
        HUEY_NAME="gridcare-test-" + uuid.uuid4().hex[:8],
    )
    assert manage(env, "migrate", "--no-input").returncode == 0
    # --no-periodic: only the enqueued task can write the heartbeat.
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--no-periodic", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        enqueue = manage(
            env, "shell", "-c", "from gridcare.core.tasks import heartbeat; heartbeat()"
        )
        assert enqueue.returncode == 0, enqueue.stderr
        database = tmp_path / "gridcare.sqlite3"
        deadline = time.monotonic() + 30
        rows: list = []
        while not rows and time.monotonic() < deadline:
            with sqlite3.connect(database) as conn:
                rows = conn.execute("SELECT last_run_at FROM core_taskheartbeat").fetchall()
            time.sleep(0.3)
        assert rows, "the consumer did not run the task"
    finally:
        consumer.terminate()
        consumer.wait(timeout=10)
