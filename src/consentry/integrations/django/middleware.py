"""The Django middleware: reads the choice cookie into `request.consent`, filters cookies.

Works in both WSGI and ASGI deployments (Django calls it sync or async as the stack is).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from consentry.declaration import Declaration
from consentry.integrations.gate import ConsentGate

SETTING = "CONSENTRY_DECLARATION"

_gates: dict[str, ConsentGate] = {}


def gate_from_settings() -> ConsentGate:
    """The gate for `settings.CONSENTRY_DECLARATION`, loaded once per process."""
    source = getattr(settings, SETTING, None)
    if source is None:
        raise ImproperlyConfigured(
            f"set {SETTING} to the path of consentry.toml (or a Declaration) to use "
            "consentry.integrations.django.ConsentMiddleware"
        )
    if isinstance(source, Declaration):
        return ConsentGate(source)
    if not isinstance(source, (str, os.PathLike)):
        raise ImproperlyConfigured(f"{SETTING} must be a path or a Declaration, not {source!r}")
    key = os.fspath(source)
    if key not in _gates:
        _gates[key] = ConsentGate(key)
    return _gates[key]


class ConsentMiddleware:
    """Sets `request.consent`; removes from the response the cookies it does not allow."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response
        self.gate = gate_from_settings()
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: Any) -> Any:
        if self.is_async:
            return self._acall(request)
        request.consent = self.gate.read(request.META.get("HTTP_COOKIE"))
        response = self.get_response(request)
        self._strip(request, response)
        return response

    async def _acall(self, request: Any) -> Any:
        request.consent = self.gate.read(request.META.get("HTTP_COOKIE"))
        response = await self._await(request)
        self._strip(request, response)
        return response

    def _await(self, request: Any) -> Awaitable[Any]:
        result: Awaitable[Any] = self.get_response(request)
        return result

    def _strip(self, request: Any, response: Any) -> None:
        cookies = getattr(response, "cookies", None)
        if not cookies:
            return
        lines = {name: morsel.OutputString() for name, morsel in cookies.items()}
        kept = set(self.gate.filter(lines.values(), request.consent, request.path))
        for name, line in lines.items():
            if line not in kept:
                del cookies[name]
