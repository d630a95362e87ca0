"""Every link the product shows opens (R-1.1, the roles of each module): each role signs in
on the demo company, starts at its home page and follows every internal link to depth 2;
no link may lead to a page that refuses it (403) or fails (500).

Detail pages of one route are visited once per role (their ids differ, their checks do
not); list pages are visited once per query, pagination aside.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import Resolver404, resolve

from gridcare.applications import demo as applications_demo
from gridcare.core.demo import loaders
from gridcare.frontoffice.demo import common as frontoffice_demo
from gridcare.org.demo import load_demo_organisation
from gridcare.org.models import Company

pytestmark = pytest.mark.django_db

ROLES = (
    "counter_clerk",
    "csc_agent",
    "csc_director",
    "marketing_director",
    "leader",
    "prodtech",
    "field_unit",
    "dispatcher",
    "supervision_officer",
    "administrator",
)
DEPTH = 2
#: Links that leave the pages or only download: signing out, files, the API and its docs,
#: the administration site (Django's own, it answers a refusal with its login page).
SKIP_PREFIXES = ("/accounts/logout/", "/static/", "/media/", "/api/", "/admin/")
#: Query keys of pagination: another page of a list is the same list.
PAGING = {"page", "after"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal(href: str) -> str | None:
    """The address to visit for a link, or None for one that is not a page of this site."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k not in PAGING)
    return f"{parts.path}?{urlencode(query)}" if query else parts.path


def _key(url: str) -> str:
    """One visit per route and set of query keys: ids and filter values do not change who
    may open a page, except a standard's code, which chooses whose records a compliance
    figure lists."""
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    query = parse_qsl(parts.query)
    return f"{route}?{sorted(k if k != 'code' else f'{k}={v}' for k, v in query)}"


def _crawl(client: Any) -> tuple[list[tuple[str, str, int]], int]:
    """(from-page, link, status) of every refused or failed link, and the pages visited."""
    seen = {_key("/")}
    queue: deque[tuple[str, str, int]] = deque([("", "/", 0)])
    bad: list[tuple[str, str, int]] = []
    visited = 0
    while queue:
        source, url, depth = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (403, 500):
            bad.append((source, url, response.status_code))
            continue
        if depth >= DEPTH or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            link = _internal(href)
            if link is None or _key(link) in seen:
                continue
            seen.add(_key(link))
            queue.append((url, link, depth + 1))
    return bad, visited


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Company:
    """The demo company with fewer applications and a month of front-office history: the
    same pages and links, fewer rows to load."""
    monkeypatch.setattr(applications_demo, "COUNT", 60)
    monkeypatch.setattr(frontoffice_demo, "DAYS", 30)
    company = load_demo_organisation().company
    for loader in loaders():
        loader.load(company)
    return company


def test_no_link_shown_to_a_role_leads_to_a_refusal(
    demo: Company, make_staff: Callable[..., Any], client: Any
) -> None:
    refused: list[str] = []
    for role in ROLES:
        # The demo's own logins bear some persona names: these sign in beside them.
        client.force_login(make_staff(role, company=demo, username=f"crawl-{role}"))
        bad, visited = _crawl(client)
        refused += [f"{role}: {source} → {link} ({status})" for source, link, status in bad]
        # The home page and what its menu and panels open, at least.
        assert visited > 20, role
        client.logout()
    assert not refused, "\n".join(refused)
