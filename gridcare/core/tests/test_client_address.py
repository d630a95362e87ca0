"""The client's address behind reverse proxies (PROXY_COUNT): one function for the login
lockout, the API throttles and the portal's limits, shown end to end through a proxy that
appends X-Forwarded-For as nginx does, in front of a live server. Each client connects
from an address of its own on the loopback network (127.0.0.2, 127.0.0.3)."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

import pytest

from gridcare.conftest import PASSWORD
from gridcare.core.client_address import resolve

TOKEN_URL = "/api/v1/auth/token/"
LOOKUP_URL = "/portal/applications/"
CLIENT_A, CLIENT_B = "127.0.0.2", "127.0.0.3"
#: Hop-by-hop headers: the proxy does not pass them on.
HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "10.0.0.9", "192.0.2.1"),  # no proxy: the header is the client's own words
        (1, "10.0.0.9", "10.0.0.9"),
        (1, "6.6.6.6, 10.0.0.9", "10.0.0.9"),  # what the client wrote is ignored
        (2, "6.6.6.6, 10.0.0.9, 172.16.0.1", "10.0.0.9"),
        (2, "10.0.0.9", "192.0.2.1"),  # fewer hops than proxies: someone skipped one
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(
    proxies: int, forwarded: str, expected: str
) -> None:
    meta = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": forwarded}
    assert resolve(meta, proxies) == expected


class Proxy:
    """A reverse proxy on 127.0.0.1 that appends the peer's address to X-Forwarded-For."""

    def __init__(self, upstream: str) -> None:
        target = urlparse(upstream)
        host, port = target.hostname or "127.0.0.1", target.port or 80

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                """Quiet: the test reads the answers, not a log."""

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                seen = self.headers.get("X-Forwarded-For")
                peer = self.client_address[0]
                headers["X-Forwarded-For"] = f"{seen}, {peer}" if seen else peer
                upstream = http.client.HTTPConnection(host, port, timeout=30)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def request(
        self, source: str, method: str, path: str, body: bytes = b"", **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        """A request from the client at `source`; its status, headers and body."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            connection.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(live_server: Any, settings: Any) -> Iterator[Proxy]:
    settings.PROXY_COUNT = 1
    front = Proxy(live_server.url)
    yield front
    front.close()


def token(proxy: Proxy, source: str, username: str, password: str, forged: str) -> int:
    body = json.dumps({"username": username, "password": password}).encode()
    status, _, _ = proxy.request(
        source,
        "POST",
        TOKEN_URL,
        body,
        **{"Content-Type": "application/json", "X-Forwarded-For": forged},
    )
    return status


# A live server commits its rows: the database is emptied after and its seeded rows
# (roles, measures) are put back, as for the browser tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_forged_forwarded_header_does_not_escape_the_token_throttle(proxy: Proxy) -> None:
    """30 token requests a minute per client (core.api.views.TokenRateThrottle), however
    the client rotates the X-Forwarded-For it sends; another client is not held back."""
    for n in range(30):
        assert token(proxy, CLIENT_A, f"nobody{n}", "wrong-password!!", f"10.9.{n}.1") == 400
    assert token(proxy, CLIENT_A, "nobody-more", "wrong-password!!", "10.9.99.1") == 429
    assert token(proxy, CLIENT_B, "nobody-else", "wrong-password!!", "10.9.99.1") == 400


# A live server commits its rows: the database is emptied after and its seeded rows
# (roles, measures) are put back, as for the browser tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lockout_holds_one_client_and_not_every_client_behind_the_proxy(
    proxy: Proxy, counter_clerk: Any, settings: Any
) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        token(proxy, CLIENT_A, "counter_clerk", "wrong-password!!", f"10.8.{n}.1")
    assert token(proxy, CLIENT_A, "counter_clerk", PASSWORD, "10.8.99.1") == 429
    assert token(proxy, CLIENT_B, "counter_clerk", PASSWORD, "10.8.99.1") == 200


# A live server commits its rows: the database is emptied after and its seeded rows
# (roles, measures) are put back, as for the browser tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_portal_limits_each_client_behind_the_proxy_on_its_own(
    proxy: Proxy, settings: Any
) -> None:
    from gridcare.portal.views import LOOKUP_LIMIT_PER_IP

    status, headers, _ = proxy.request(CLIENT_A, "GET", LOOKUP_URL)
    assert status == 200
    csrf = headers["Set-Cookie"].split("csrftoken=")[1].split(";")[0]

    def lookup(source: str, n: int) -> int:
        body = f"number=YK2025-{n:06d}&phone=13800000000".encode()
        status, _, _ = proxy.request(
            source,
            "POST",
            LOOKUP_URL,
            body,
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "X-Forwarded-For": f"10.7.{n}.1",
            },
        )
        return status

    for n in range(LOOKUP_LIMIT_PER_IP):
        assert lookup(CLIENT_A, n) == 200
    assert lookup(CLIENT_A, 999) == 429
    assert lookup(CLIENT_B, 998) == 200
