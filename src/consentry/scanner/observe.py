"""Watch one browser context: every write, request and blocked cookie, and storage snapshots.

A `Recorder` is attached to a fresh context before the first navigation (§7 of the scanner
research): the init script goes on the *context* so it runs in out-of-process iframes too; raw
Set-Cookie lines come from `response.header_values("set-cookie")` (plain `headers` drops
them); blocked cookies and initiators come from CDP (`Network.responseReceivedExtraInfo`,
`Network.requestWillBeSent`). The scenario sets `phase` as it goes; each event is stamped
with the phase current when it arrived.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, CDPSession, Frame, Page, Request, Response
from playwright.async_api import Error as PlaywrightError

from consentry.scanner.observations import (
    BEFORE_CHOICE,
    ItemKind,
    Phase,
    RequestSeen,
    StoredItem,
    Write,
)
from consentry.scanner.setcookie import parse_cookie_line

_SCRIPT = (files("consentry.scanner") / "observe.js").read_text(encoding="utf-8")
_URL = re.compile(r"(https?://[^\s)]+?)(?::\d+:\d+)?(?:\)|$|\s)")

_NO_WAIT = ("ping", "websocket", "eventsource", "beacon")
"""Request types that may never "finish" for the page: they do not hold a step back."""
_STALE = 2.5
SETTLE_LIMIT = 6.0
"""The longest a step waits for its page to settle, in seconds."""

_STORAGE_JS = """async () => {
  const out = {origin: location.origin, local: null, session: null, idb: null, caches: null};
  try { out.local = Object.keys(localStorage); } catch (e) {}
  try { out.session = Object.keys(sessionStorage); } catch (e) {}
  try { out.idb = (await indexedDB.databases()).map((d) => d.name); } catch (e) {}
  try { if (self.caches) out.caches = await caches.keys(); } catch (e) {}
  return out;
}"""


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _origin(url: str) -> str:
    """`scheme://host[:port]` of an http(s) URL, "" for any other."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()


def _script_of(stack: str, fallback: str) -> str:
    """The first script URL in a JS stack (the setter); the page itself for inline code."""
    for match in _URL.finditer(stack):
        return match.group(1)
    return fallback


class Recorder:
    """Collects what one scenario's context does; `phase` and `page_url` are set by the runner."""

    def __init__(self) -> None:
        self.phase: Phase = BEFORE_CHOICE
        self.page_url = ""
        self.writes: list[Write] = []
        self.requests: list[RequestSeen] = []
        self.stored: list[StoredItem] = []
        self.notes: list[str] = []
        self._blocked: dict[str, tuple[str, ...]] = {}
        self._initiators: dict[str, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: dict[Request, float] = {}
        self._last_activity = time.monotonic()
        self._sessions: list[CDPSession] = []
        self._frames: set[Frame] = set()

    async def attach(self, context: BrowserContext) -> None:
        """Install the bindings, init script and listeners; call before any navigation."""
        await context.expose_binding("__consentryRecord", self._on_script_write)
        await context.add_init_script(script=_SCRIPT)
        context.on("request", self._on_request)
        context.on("requestfinished", self._on_request_done)
        context.on("requestfailed", self._on_request_done)
        context.on("response", self._on_response)
        context.on("page", lambda page: self._spawn(self._watch_page(page)))
        for page in context.pages:
            await self._watch_page(page)

    # --- events -------------------------------------------------------------------------
    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _watch_page(self, page: Page) -> None:
        """A CDP session per page: the reasons Chromium blocked cookies, and initiators."""
        page.on("framenavigated", lambda frame: self._spawn(self._watch_frame(page, frame)))
        try:
            await self._listen(await page.context.new_cdp_session(page))
        except PlaywrightError:
            self.notes.append("not observed: blocked-cookie reasons for a page (no CDP session)")

    async def _watch_frame(self, page: Page, frame: Frame) -> None:
        """Out-of-process (cross-site) iframes have their own target: a session each.

        The page's session does not see their network; Chromium refuses a session for an
        in-process frame, which the page's session already covers.
        """
        if frame == page.main_frame or frame in self._frames:
            return
        self._frames.add(frame)
        with contextlib.suppress(PlaywrightError):  # an in-process frame, or one already gone
            await self._listen(await page.context.new_cdp_session(frame))

    async def _listen(self, session: CDPSession) -> None:
        session.on("Network.responseReceivedExtraInfo", self._on_extra_info)
        session.on("Network.requestWillBeSent", self._on_will_be_sent)
        await session.send("Network.enable")
        self._sessions.append(session)

    def _on_extra_info(self, params: dict[str, Any]) -> None:
        for blocked in params.get("blockedCookies", []):
            line = str(blocked.get("cookieLine", ""))
            reasons = tuple(str(r) for r in blocked.get("blockedReasons", []))
            if line and reasons:
                self._blocked[line] = reasons

    def _on_will_be_sent(self, params: dict[str, Any]) -> None:
        initiator = params.get("initiator") or {}
        url = initiator.get("url") or ""
        if not url:
            frames = (initiator.get("stack") or {}).get("callFrames") or []
            url = next((f.get("url") for f in frames if f.get("url")), "")
        request_url = (params.get("request") or {}).get("url", "")
        if url and request_url:
            self._initiators.setdefault(request_url, str(url))

    def _on_request(self, request: Request) -> None:
        self._last_activity = time.monotonic()
        if request.resource_type not in _NO_WAIT:
            self._in_flight[request] = self._last_activity
        if not request.url.startswith(("http:", "https:")):
            return
        try:
            frame_url = request.frame.url
        except PlaywrightError:  # service-worker requests have no frame
            frame_url = ""
        self.requests.append(
            RequestSeen(
                request.url,
                _host(request.url),
                request.resource_type,
                request.method,
                self.phase,
                self.page_url,
                frame_url,
            )
        )

    def _on_request_done(self, request: Request) -> None:
        self._in_flight.pop(request, None)
        self._last_activity = time.monotonic()

    def _busy(self, now: float) -> bool:
        """A request started less than `_STALE` s ago is still running (long polls are not)."""
        return any(now - started < _STALE for started in self._in_flight.values())

    def _on_response(self, response: Response) -> None:
        self._spawn(self._read_set_cookie(response, self.phase, self.page_url))

    async def _read_set_cookie(self, response: Response, phase: Phase, page_url: str) -> None:
        try:
            lines = await response.header_values("set-cookie")
        except PlaywrightError:
            return
        now = time.time()
        for line in lines:
            for single in line.split("\n"):
                parsed = parse_cookie_line(single, _host(response.url), now)
                if parsed is None:
                    continue
                self.writes.append(
                    Write(
                        "cookie",
                        parsed.name,
                        parsed.domain,
                        "header",
                        phase,
                        page_url,
                        response.url,
                        single,
                        now,
                        parsed.requested_seconds,
                        parsed.deleted,
                    )
                )

    async def _on_script_write(self, source: dict[str, Any], entry: dict[str, Any]) -> None:
        kind: ItemKind = entry.get("kind", "cookie")
        href = str(entry.get("href", ""))
        value = str(entry.get("value", ""))
        now = float(entry.get("time", time.time() * 1000)) / 1000
        setter = _script_of(str(entry.get("stack", "")), href)
        if kind == "cookie":
            parsed = parse_cookie_line(value, _host(href), now)
            if parsed is None:
                return
            name, domain = parsed.name, parsed.domain
            seconds, deleted = parsed.requested_seconds, parsed.deleted
        else:
            name, domain, seconds, deleted = value, _host(href), None, False
        self.writes.append(
            Write(
                kind,
                name,
                domain,
                "script",
                self.phase,
                self.page_url,
                setter,
                value,
                now,
                seconds,
                deleted,
            )
        )

    # --- waiting and snapshots ----------------------------------------------------------
    async def settle(self, page: Page, quiet: float = 0.35, limit: float = SETTLE_LIMIT) -> None:
        """Wait for the load event, then until no request has been in flight for `quiet` s."""
        start = time.monotonic()
        self._last_activity = max(self._last_activity, start)  # wait `quiet` at least
        try:
            await page.wait_for_load_state("load", timeout=limit * 1000)
        except PlaywrightError:
            self.notes.append(f"{self.page_url}: the load event did not come within {limit:.0f} s")
        while time.monotonic() - start < limit:
            now = time.monotonic()
            if not self._busy(now) and now - self._last_activity >= quiet:
                break
            await asyncio.sleep(0.05)
        await self.drain()

    async def drain(self) -> None:
        """Let pending header reads finish (bounded)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=2.0)

    async def snapshot(self, context: BrowserContext, step: str) -> None:
        """Record what the browser keeps now: cookies, and storage in every frame."""
        for c in await context.cookies():
            expires = float(c.get("expires", -1))
            self.stored.append(
                StoredItem(
                    "cookie",
                    c.get("name", ""),
                    c.get("domain", "").lstrip("."),
                    self.phase,
                    step,
                    path=c.get("path", "/"),
                    expires=expires if expires > 0 else None,
                    secure=bool(c.get("secure")),
                    http_only=bool(c.get("httpOnly")),
                    same_site=str(c.get("sameSite", "")),
                    partition_key=str(c.get("partitionKey", "") or ""),
                )
            )
        seen: set[str] = set()
        for page in context.pages:
            for frame in page.frames:
                # One read per origin: storage belongs to the origin, not the frame (and a frame
                # without an http(s) URL of its own, about:blank or srcdoc, shares its parent's).
                origin = _origin(frame.url)
                if origin and origin not in seen:
                    seen.add(origin)
                    await self._frame_storage(frame, step)

    async def _frame_storage(self, frame: Frame, step: str) -> None:
        try:
            data = await frame.evaluate(_STORAGE_JS)
        except PlaywrightError:
            return  # a frame that navigated or closed meanwhile
        origin = str(data.get("origin", ""))
        if not origin.startswith("http"):
            return  # an opaque origin (a sandboxed frame): no storage of its own to read
        host = _host(origin)
        for kind, key in (
            ("localStorage", "local"),
            ("sessionStorage", "session"),
            ("indexedDB", "idb"),
            ("cacheStorage", "caches"),
        ):
            names = data.get(key)
            if names is None:
                if kind == "cacheStorage" and origin.startswith("http:"):
                    note = f"not available: Cache Storage on {origin} (not a secure context)"
                else:
                    note = f"not observed: {kind} of {origin} (access refused)"
                if note not in self.notes:
                    self.notes.append(note)
                continue
            for name in names:
                self.stored.append(
                    StoredItem(kind, str(name), host, self.phase, step, frame_url=frame.url)  # type: ignore[arg-type]
                )

    def finish(self) -> None:
        """Attach blocked reasons and initiators that arrived after their events."""
        self.writes = [
            w
            if w.via != "header" or w.raw not in self._blocked
            else Write(**{**w.__dict__, "blocked": self._blocked[w.raw]})
            for w in self.writes
        ]
        self.requests = [
            RequestSeen(**{**r.__dict__, "initiator": self._initiators.get(r.url, r.initiator)})
            for r in self.requests
        ]
