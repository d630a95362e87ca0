"""The shell in a real browser (Debian's Chromium, headless): sign in, the home page in
Traditional Chinese, the menu of the role, the language switch, sign out. Skipped with a
clear reason only where no browser is installed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gridcare.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))

# The marks of every browser test (the other browser files take them too): skipped only
# where no browser is installed; a live server, so rows are committed, and emptied after.
BROWSER_TEST = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="no Chromium installed (apt-get install chromium)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
pytestmark = BROWSER_TEST


def console_errors(tab: Any) -> list[str]:
    """The errors a page logs to its console, gathered as they come."""
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


@pytest.fixture
def page(live_server, request, monkeypatch) -> Iterator:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's database
    # access is in another thread. Set for this test only: it must never reach a deployment.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-TW")
        page = context.new_page()
        errors = console_errors(page)
        page.base_url = live_server.url  # type: ignore[attr-defined]
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()
        # No console errors: a blocked inline script (CSP) or a missing file shows here.
        assert errors == []


def test_a_clerk_signs_in_on_a_phone_and_finds_the_menu(page, counter_clerk) -> None:
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    page.fill("#id_username", "counter_clerk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_text("優質、方便、規範、真誠").is_visible()
    # On a phone the menu is behind the toggler.
    page.locator(".navbar-toggler").click()
    menu = page.locator("#gc-sidebar")
    menu.get_by_role("link", name="首頁").wait_for()
    assert menu.get_by_role("link", name="稽核查詢").count() == 0


def test_the_language_switch_and_sign_out(page, counter_clerk) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", "counter_clerk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(page.base_url + "/")
    with page.expect_navigation():
        page.select_option("#gc-language", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Work due").is_visible()
    page.locator(".dropdown-toggle").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url
