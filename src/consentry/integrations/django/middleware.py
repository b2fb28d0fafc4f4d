"""The Django middleware: reads the choice cookie into `request.consent`, filters cookies,
and with `CONSENTRY_HOLD_MARKUP` (by default the declaration's `[banner].auto_block`) holds
the tags of HTML pages that the visitor does not allow.

Works in both WSGI and ASGI deployments (Django calls it sync or async as the stack is).
A streaming response is held piece by piece, a plain one whole.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.cache import patch_vary_headers

from consentry.declaration import Declaration
from consentry.integrations.gate import ConsentGate
from consentry.integrations.markup import VARY, BodyHolder

SETTING = "CONSENTRY_DECLARATION"
HOLD_SETTING = "CONSENTRY_HOLD_MARKUP"

_gates: dict[tuple[str, bool | None], ConsentGate] = {}


def gate_from_settings() -> ConsentGate:
    """The gate for `settings.CONSENTRY_DECLARATION`, loaded once per process."""
    source = getattr(settings, SETTING, None)
    if source is None:
        raise ImproperlyConfigured(
            f"set {SETTING} to the path of consentry.toml (or a Declaration) to use "
            "consentry.integrations.django.ConsentMiddleware"
        )
    hold = getattr(settings, HOLD_SETTING, None)
    if hold is not None and not isinstance(hold, bool):
        raise ImproperlyConfigured(f"{HOLD_SETTING} must be True or False, not {hold!r}")
    if isinstance(source, Declaration):
        return ConsentGate(source, hold_markup=hold)
    if not isinstance(source, (str, os.PathLike)):
        raise ImproperlyConfigured(f"{SETTING} must be a path or a Declaration, not {source!r}")
    key = (os.fspath(source), hold)
    if key not in _gates:
        _gates[key] = ConsentGate(key[0], hold_markup=hold)
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
        self._hold(request, response)
        return response

    async def _acall(self, request: Any) -> Any:
        request.consent = self.gate.read(request.META.get("HTTP_COOKIE"))
        response = await self._await(request)
        self._strip(request, response)
        self._hold(request, response)
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

    def _hold(self, request: Any, response: Any) -> None:
        """Hold the tags of an HTML page this visitor does not allow; mark it as varying with
        the cookie."""
        content_type = response.get("Content-Type")
        if not self.gate.holds(content_type):
            return
        patch_vary_headers(response, (VARY,))
        if request.method == "HEAD":
            return
        holder = self.gate.body_holder(
            content_type, response.get("Content-Encoding"), request.consent, request.path
        )
        if holder is None:
            return
        if not response.streaming:
            response.content = holder.feed(response.content) + holder.close()
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            return
        if response.has_header("Content-Length"):
            del response["Content-Length"]  # the held body has another length
        if getattr(response, "is_async", False):
            response.streaming_content = _held_async(response.streaming_content, holder)
        else:
            response.streaming_content = _held(response.streaming_content, holder)


def _held(pieces: Iterable[bytes], holder: BodyHolder) -> Iterator[bytes]:
    for piece in pieces:
        out = holder.feed(bytes(piece))
        if out:
            yield out
    yield holder.close()


async def _held_async(pieces: AsyncIterator[bytes], holder: BodyHolder) -> AsyncIterator[bytes]:
    async for piece in pieces:
        out = holder.feed(bytes(piece))
        if out:
            yield out
    yield holder.close()
