"""The client's address, read once per request and used by everything that counts per
address: the login lockout (axes), the API throttles (DRF), the portal's rate limits
and the audit log.

Behind `PROXY_COUNT` reverse proxies that each append the address they received the
request from to X-Forwarded-For (as nginx's `$proxy_add_x_forwarded_for` does), the
client is the PROXY_COUNT-th entry from the right: the entries left of it were written
by the client and prove nothing. Without proxies (PROXY_COUNT=0) the header is ignored
and the address is the peer's. A header with fewer entries than proxies, or an entry
that is not an address, falls back to the peer, so a forged header can only make a
client share the proxy's counters, never pick fresh ones.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

#: The address as the peer (the nearest proxy, or the client itself) connected from.
PEER_KEY = "GRIDCARE_PEER_ADDR"


def resolve(meta: Mapping[str, Any], proxy_count: int) -> str:
    """The client address from a request's META, for `proxy_count` trusted proxies."""
    peer = str(meta.get(PEER_KEY) or meta.get("REMOTE_ADDR") or "")
    if proxy_count <= 0:
        return peer
    hops = [hop.strip() for hop in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxy_count:
        return peer
    candidate = hops[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def client_address(request: HttpRequest) -> str:
    """The client address of `request` (axes reads it through AXES_CLIENT_IP_CALLABLE)."""
    return resolve(request.META, settings.PROXY_COUNT)


class ClientAddressMiddleware:
    """First of all middleware: REMOTE_ADDR becomes the client's address, so that code
    reading it (DRF's throttles, with NUM_PROXIES=0) counts the client and not the proxy.
    The peer's own address stays under GRIDCARE_PEER_ADDR."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.setdefault(PEER_KEY, request.META.get("REMOTE_ADDR", ""))
        request.META["REMOTE_ADDR"] = client_address(request)
        return self.get_response(request)
