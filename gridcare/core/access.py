"""May this user open that address? Asked of the view the address leads to, so that a link
and the page behind it cannot disagree: a link is shown only to those the page lets in.

A view says who may open it in one of two ways, both read here:
- the decorators `permission_required` / `user_passes_test` (their test is called);
- the decorator `allowed_if(check)`, for a check that is not one permission (any of two,
  a role, or one that depends on the query): the view answers with it, and keeps it as
  `may_open(user, query) -> bool` for the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve

OpenCheck = Callable[[Any, QueryDict], bool]


def allowed_if(check: OpenCheck) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The view refuses (403) whoever `check` refuses, and a link to it asks `check` too."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not check(request.user, request.GET):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.may_open = check  # type: ignore[attr-defined]
        return guarded

    return decorate


def _wrappers(view: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """The view and every function it wraps (functools.wraps keeps `__wrapped__`)."""
    seen = 0
    while view is not None and seen < 20:
        yield view
        view = getattr(view, "__wrapped__", None)  # type: ignore[assignment]
        seen += 1


def _user_test(wrapper: Callable[..., Any]) -> Callable[[Any], Any] | None:
    """The test of Django's user_passes_test (and so of permission_required): the wrapper
    it returns keeps it in its closure under the name `test_func`."""
    code = getattr(wrapper, "__code__", None)
    closure = getattr(wrapper, "__closure__", None)
    if code is None or not closure or "test_func" not in code.co_freevars:
        return None
    test = closure[code.co_freevars.index("test_func")].cell_contents
    return test if callable(test) else None


def may_open(user: Any, url: str) -> bool:
    """False when the view behind `url` would refuse `user`; True for an address that is
    not a page of this site (nothing to ask)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return True
    try:
        match = resolve(parts.path)
    except Resolver404:
        return True
    query = QueryDict(parts.query)
    for wrapper in _wrappers(match.func):
        test = _user_test(wrapper)
        if test is not None:
            try:
                if not test(user):
                    return False
            except PermissionDenied:
                return False
        check = getattr(wrapper, "may_open", None)
        if check is not None and not check(user, query):
            return False
    return True
