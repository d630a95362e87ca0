"""A working day of GridCare's staff, for locust (issue 9, item 10).

Run through ``bench/bench_load.py`` (data, gunicorn, locust, the table); by hand:

    LOAD_PASSWORD=... locust -f bench/load/locustfile.py --host http://127.0.0.1:8113

Six personas (ROLES.md), weighted like a county company's day at 50 users: counter clerks
and CSC agents are most of the staff signed in, then key-account contacts, marketing,
supervision and leadership. Each virtual user signs in through the real login form (the
CSRF token read from the page, as a browser does), then repeats its role's tasks with a
think time between pages: opens lists, opens a detail page picked from the list it just
saw, and now and then records a step through the same form a person would use (the next
step of an application, a matter, a call back or a call the phone system missed, a visit
to a key account).

Requests are named by page (``name=``) so that the statistics come out per page, not per
URL. A request fails when it answers an HTTP error, lands on the login page (session lost),
or when a recording form answers with an error message (the step was refused); the
failure text says which.

The users (``LOAD_USERS_<PERSONA>``, comma-separated) and their password come from the
environment that bench_load.py sets after creating them; the defaults are the demo logins.
"""

from __future__ import annotations

import html
import itertools
import os
import random
import re
from datetime import datetime, timedelta, timezone

from locust import HttpUser, between, task

#: Every page the scenario opens, by its request name: (URL name, example path). The smoke
#: test reverses each URL name and checks the path, so a renamed route fails it.
PAGES: dict[str, tuple[str, str]] = {
    "login": ("login", "/accounts/login/"),
    "login: submit": ("login", "/accounts/login/"),
    "home": ("home", "/"),
    "applications: queue": ("applications:application_list", "/applications/"),
    "applications: detail": ("applications:application_detail", "/applications/1/"),
    "applications: record step": ("applications:application_event", "/applications/1/events/"),
    "customers: search": ("customers:customer_list", "/customers/"),
    "customers: detail": ("customers:customer_detail", "/customers/1/"),
    "calls: list": ("frontoffice:call_list", "/frontoffice/calls/"),
    "calls: detail": ("frontoffice:call_detail", "/frontoffice/calls/1/"),
    "calls: call backs due": ("frontoffice:callback_list", "/frontoffice/calls/callbacks/"),
    "calls: record call back": ("frontoffice:call_back", "/frontoffice/calls/1/callback/"),
    "calls: answer rates": ("frontoffice:call_rates", "/frontoffice/calls/rates/"),
    "calls: new form": ("frontoffice:call_new", "/frontoffice/calls/new/"),
    "calls: record missed call": ("frontoffice:call_new", "/frontoffice/calls/new/"),
    "matters: list": ("frontoffice:matter_list", "/frontoffice/matters/"),
    "matters: detail": ("frontoffice:matter_detail", "/frontoffice/matters/1/"),
    "matters: new form": ("frontoffice:matter_new", "/frontoffice/matters/new/"),
    "matters: record": ("frontoffice:matter_new", "/frontoffice/matters/new/"),
    "hall: queue": ("frontoffice:hall_list", "/frontoffice/halls/"),
    "key accounts: list": ("keyaccounts:account_list", "/keyaccounts/"),
    "key accounts: detail": ("keyaccounts:account_detail", "/keyaccounts/accounts/1/"),
    "key accounts: record visit": (
        "keyaccounts:interaction_create",
        "/keyaccounts/accounts/1/record/",
    ),
    "key accounts: desk": ("keyaccounts:desk", "/keyaccounts/desk/"),
    "key accounts: designation rounds": ("keyaccounts:round_list", "/keyaccounts/rounds/"),
    "compliance matrix": ("rules:compliance_matrix", "/rules/compliance/"),
    "dashboard": ("dashboard:dashboard", "/dashboard/"),
    "assessment ledger": ("assessments:ledger", "/assessments/"),
    "assessment item": ("assessments:item_detail", "/assessments/items/1/"),
    "scorecards": ("assessments:scorecards", "/assessments/scorecards/"),
    "follow-up calls": ("followups:call_list", "/followups/"),
    "survey rounds": ("surveys:round_list", "/surveys/"),
    "analysis reports": ("reports:list", "/reports/"),
}

PASSWORD = os.environ.get("LOAD_PASSWORD", "dazu-demo-2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Words customers are searched by at a counter: a surname, a town, an account prefix.
SEARCHES = ("王", "李", "張", "龍崗", "棠香", "龍水", "LD00", "LD01", "139", "陳")
QUEUES = ("open", "open", "open", "at_risk", "breached", "all")


def users(persona: str, default: str) -> itertools.cycle[str]:
    """The logins of one persona, handed out in turn to its virtual users."""
    names = os.environ.get(f"LOAD_USERS_{persona.upper()}", default)
    return itertools.cycle([n for n in names.split(",") if n])


def links(body: str, prefix: str) -> list[str]:
    """Paths of the detail pages `body` links to under `prefix` (e.g. /applications/)."""
    pattern = re.compile(r'href="(' + re.escape(prefix) + r'\d+/)"')
    return sorted(set(pattern.findall(body)))


def now_local() -> str:
    """The value of a datetime-local input as the browser fills it (China time)."""
    china = timezone(timedelta(hours=8))
    return datetime.now(china).strftime("%Y-%m-%dT%H:%M")


class Staff(HttpUser):
    """One member of staff: signs in once, then works through the role's tasks."""

    abstract = True
    # A person reads a page before the next click: 3 to 10 s between requests.
    wait_time = between(3, 10)
    logins: itertools.cycle[str]

    def on_start(self) -> None:
        self.username = next(self.logins)
        page = self.client.get("/accounts/login/", name="login")
        token = self.token(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login: submit",
            catch_response=True,
        ) as response:
            if response.url is None or "/accounts/login/" in response.url:
                response.failure(f"{self.username} was not signed in")
            elif "/accounts/mfa/" in response.url:
                response.failure(f"{self.username} was asked for the second step")

    @staticmethod
    def token(body: str) -> str:
        match = CSRF.search(body)
        return match.group(1) if match else ""

    def open(self, path: str, name: str) -> str:
        """GET a page as a signed-in person; returns the body ("" when it failed)."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
                return ""
            if response.url and "/accounts/login/" in response.url:
                response.failure("signed out")
                return ""
            return response.text

    def record(
        self, path: str, data: dict[str, str], name: str, referer: str, lands: str = ""
    ) -> str:
        """POST a form as a browser does (the redirect that follows is part of the time).
        A failure: an error message on the next page, or, for a form that shows itself
        again when refused, not landing on a page matching `lands`."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken") or ""}
        with self.client.post(
            path, data=data, name=name, headers={"Referer": f"{self.host}{referer}"},
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
                return ""
            refused = re.search(r"alert-danger[^>]*>\s*([^<]+)", response.text)
            if refused:
                response.failure("refused: " + html.unescape(refused.group(1).strip())[:120])
            elif lands and not re.search(lands, response.url or ""):
                response.failure(f"form shown again: {response.url}")
            return response.text

    def detail(self, body: str, prefix: str, name: str) -> tuple[str, str]:
        """Open one detail page linked from a list: (path, body), ("", "") when none."""
        found = links(body, prefix)
        if not found:
            return "", ""
        path = random.choice(found)
        return path, self.open(path, name)

    @task(3)
    def home(self) -> None:
        self.open("/", "home")


class CounterClerk(Staff):
    """Service hall: the applications queue, customers at the counter, matters (ROLES.md)."""

    weight = 14
    logins = users("clerk", "clerk")

    @task(4)
    def application_step(self) -> None:
        queue = random.choice(QUEUES)
        body = self.open(f"/applications/?queue={queue}", "applications: queue")
        path, detail = self.detail(body, "/applications/", "applications: detail")
        if not detail or random.random() > 0.5:
            return
        steps = re.findall(r'<select[^>]*name="type">(.*?)</select>', detail, re.S)
        options = re.findall(r'<option value="([a-z_]+)"', steps[0]) if steps else []
        if options:
            self.record(
                path + "events/",
                {"type": options[0], "at": now_local(), "note": "load test"},
                "applications: record step",
                referer=path,
            )

    @task(3)
    def customer_search(self) -> None:
        body = self.open(f"/customers/?q={random.choice(SEARCHES)}", "customers: search")
        self.detail(body, "/customers/", "customers: detail")

    @task(2)
    def matters(self) -> None:
        body = self.open("/frontoffice/matters/", "matters: list")
        self.detail(body, "/frontoffice/matters/", "matters: detail")

    @task(1)
    def record_matter(self) -> None:
        self.open("/frontoffice/matters/new/", "matters: new form")
        self.record(
            "/frontoffice/matters/new/",
            {
                "kind": "consultation",
                "channel": "counter",
                "customer_name": "負載測試",
                "customer_phone": f"139{random.randrange(10**8):08d}",
                "subject": "電價諮詢",
                "description": "客戶詢問居民階梯電價。",
            },
            "matters: record",
            referer="/frontoffice/matters/new/",
            lands=r"/frontoffice/matters/\d+/$",
        )

    @task(1)
    def hall(self) -> None:
        self.open("/frontoffice/halls/", "hall: queue")


class CscAgent(Staff):
    """Customer service center: calls, call backs, matters (ROLES.md)."""

    weight = 14
    logins = users("agent", "agent")

    @task(3)
    def calls(self) -> None:
        body = self.open("/frontoffice/calls/", "calls: list")
        self.detail(body, "/frontoffice/calls/", "calls: detail")

    @task(2)
    def call_back(self) -> None:
        body = self.open("/frontoffice/calls/callbacks/", "calls: call backs due")
        due = re.findall(r'action="(/frontoffice/calls/\d+/callback/)"', body)
        if due:
            self.record(
                random.choice(due),
                {"reached": "on", "note": "load test", "next": "list"},
                "calls: record call back",
                referer="/frontoffice/calls/callbacks/",
            )
            return
        # Every caller called back (a rerun on the same data): log a call the phone system
        # missed instead, unanswered, which puts a call back on the list again.
        self.open("/frontoffice/calls/new/", "calls: new form")
        self.record(
            "/frontoffice/calls/new/",
            {
                "caller": f"137{random.randrange(10**8):08d}",
                "started_at": now_local(),
                "ring_seconds": "30",
                "talk_seconds": "0",
            },
            "calls: record missed call",
            referer="/frontoffice/calls/new/",
            lands=r"/frontoffice/calls/\d+/$",
        )

    @task(1)
    def rates(self) -> None:
        self.open("/frontoffice/calls/rates/", "calls: answer rates")

    @task(2)
    def matters(self) -> None:
        body = self.open("/frontoffice/matters/", "matters: list")
        self.detail(body, "/frontoffice/matters/", "matters: detail")

    @task(1)
    def record_matter(self) -> None:
        self.open("/frontoffice/matters/new/", "matters: new form")
        self.record(
            "/frontoffice/matters/new/",
            {
                "kind": random.choice(["consultation", "business", "fault"]),
                "channel": "phone",
                "customer_name": "負載測試",
                "customer_phone": f"138{random.randrange(10**8):08d}",
                "subject": "停電查詢",
                "description": "客戶來電詢問停電恢復時間。",
            },
            "matters: record",
            referer="/frontoffice/matters/new/",
            lands=r"/frontoffice/matters/\d+/$",
        )

    @task(2)
    def customer_search(self) -> None:
        body = self.open(f"/customers/?q={random.choice(SEARCHES)}", "customers: search")
        self.detail(body, "/customers/", "customers: detail")


class KeyAccountContact(Staff):
    """Keeps each assigned key account served: visits and phone contacts (R-3.6.1)."""

    weight = 8
    logins = users("contact", "kacontact,cscdirector")

    @task(4)
    def visit(self) -> None:
        body = self.open("/keyaccounts/", "key accounts: list")
        path, detail = self.detail(body, "/keyaccounts/accounts/", "key accounts: detail")
        if not detail or "/record/" not in detail or random.random() > 0.4:
            return
        self.record(
            path + "record/",
            {
                "kind": random.choice(["visit", "phone"]),
                "at": now_local(),
                "participants": "客戶電工",
                "summary": "了解用電情況，無新需求。",
            },
            "key accounts: record visit",
            referer=path,
        )

    @task(2)
    def desk(self) -> None:
        self.open("/keyaccounts/desk/", "key accounts: desk")

    @task(1)
    def customer_search(self) -> None:
        body = self.open(f"/customers/?q={random.choice(SEARCHES)}", "customers: search")
        self.detail(body, "/customers/", "customers: detail")


class Marketing(Staff):
    """Owns the rules and the key-account list; assesses execution (ROLES.md)."""

    weight = 6
    logins = users("marketing", "marketing")

    @task(3)
    def compliance(self) -> None:
        self.open("/rules/compliance/", "compliance matrix")

    @task(3)
    def ledger(self) -> None:
        body = self.open("/assessments/", "assessment ledger")
        self.detail(body, "/assessments/items/", "assessment item")

    @task(2)
    def applications_at_risk(self) -> None:
        body = self.open("/applications/?queue=at_risk", "applications: queue")
        self.detail(body, "/applications/", "applications: detail")

    @task(2)
    def key_accounts(self) -> None:
        body = self.open("/keyaccounts/", "key accounts: list")
        self.detail(body, "/keyaccounts/accounts/", "key accounts: detail")

    @task(1)
    def rounds(self) -> None:
        self.open("/keyaccounts/rounds/", "key accounts: designation rounds")

    @task(1)
    def dashboard(self) -> None:
        self.open("/dashboard/", "dashboard")


class Supervision(Staff):
    """Surveys, follow-up calls, the half-year report (ROLES.md)."""

    weight = 4
    logins = users("supervision", "supervision")

    @task(3)
    def followups(self) -> None:
        self.open("/followups/", "follow-up calls")

    @task(2)
    def surveys(self) -> None:
        self.open("/surveys/", "survey rounds")

    @task(2)
    def matters(self) -> None:
        body = self.open("/frontoffice/matters/", "matters: list")
        self.detail(body, "/frontoffice/matters/", "matters: detail")

    @task(1)
    def reports(self) -> None:
        self.open("/reports/", "analysis reports")


class Leadership(Staff):
    """Approve and read: the dashboard, the compliance matrix, scorecards (ROLES.md)."""

    weight = 4
    logins = users("leader", "leader")

    @task(4)
    def dashboard(self) -> None:
        self.open("/dashboard/", "dashboard")

    @task(2)
    def compliance(self) -> None:
        self.open("/rules/compliance/", "compliance matrix")

    @task(1)
    def scorecards(self) -> None:
        self.open("/assessments/scorecards/", "scorecards")

    @task(1)
    def reports(self) -> None:
        self.open("/reports/", "analysis reports")
