"""`ConsentGate`: the one object every framework adapter holds.

It loads the declaration once, reads a request's consent, filters a response's `Set-Cookie`
lines, logging what it withholds and what the declaration does not know, and gives the holder
of an HTML page's tags (`hold_markup`). The adapters (`asgi`, `wsgi`, `flask`, `django`) only
move headers and bodies between their framework and it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from consentry.declaration import Declaration, load_declaration
from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent, read_consent
from consentry.integrations.enforce import CookieRules, Filtered
from consentry.integrations.markup import VARY, BodyHolder, charset_of, is_html, refusal

logger = logging.getLogger("consentry.integrations")

DeclarationSource = Declaration | str | os.PathLike[str]
"""A `Declaration`, or the path of a `consentry.toml` to load once at start."""

Clock = Callable[[], datetime]

Headers = list[tuple[str, str]]
"""A response's header lines, as WSGI gives them (the ASGI adapter decodes its bytes to these)."""

_MAX_REMEMBERED = 1000


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


class ConsentGate:
    """Reads consent from requests and withholds unconsented cookies from responses.

    With `hold_markup` (None: as the declaration's `[banner].auto_block`), the tags of
    declared hosts in HTML pages are held too, for each visitor as their choice says.
    Raises `DeclarationError` at construction when the declaration file is missing or invalid,
    so that a misconfigured site fails at start rather than on its first visitor.
    """

    def __init__(
        self,
        declaration: DeclarationSource,
        *,
        clock: Clock = utc_now,
        log_undeclared: bool = True,
        hold_markup: bool | None = None,
    ) -> None:
        self.declaration = (
            declaration
            if isinstance(declaration, Declaration)
            else load_declaration(Path(declaration))
        )
        self.rules = CookieRules(self.declaration)
        self.clock = clock
        self.log_undeclared = log_undeclared
        self.hold_markup = (
            self.declaration.banner.auto_block if hold_markup is None else hold_markup
        )
        self._hosted = [s.id for s in self.declaration.services if s.hosts]
        self._reported: set[str] = set()
        self._unheld: set[str] = set()

    @property
    def cookie_name(self) -> str:
        return self.declaration.banner.cookie_name

    def read(self, cookie_header: str | None) -> Consent:
        """The consent carried by a request's `Cookie` header (no choice when absent or bad)."""
        return read_consent(cookie_header, self.declaration, self.clock())

    def filter(self, set_cookies: Iterable[str], consent: Consent, path: str = "") -> list[str]:
        """The `Set-Cookie` values this visitor may receive; logs the ones withheld."""
        result = self.rules.filter(set_cookies, consent, self.clock())
        self._log(result, path)
        return result.kept

    def filter_headers(self, headers: Headers, consent: Consent, path: str = "") -> Headers:
        """The headers without the `Set-Cookie` lines this visitor may not receive (the same
        list when the response sets no cookie)."""
        lines = [v for k, v in headers if k.lower() == "set-cookie"]
        if not lines:
            return headers
        kept = set(self.filter(lines, consent, path))
        return [(k, v) for k, v in headers if k.lower() != "set-cookie" or v in kept]

    def hold_headers(
        self, headers: Headers, consent: Consent, path: str = "", *, head: bool = False
    ) -> tuple[Headers, BodyHolder | None]:
        """For a page the gate holds, its headers with `Cookie` in `Vary` and the holder of
        its body (None: send the body as it is, or there is none, `head`). Any other response
        keeps the same list and has no holder."""
        content_type = header_value(headers, "content-type")
        if not self.holds(content_type):
            return headers, None
        headers = _vary_on_cookie(headers)
        if head:
            return headers, None
        encoding = header_value(headers, "content-encoding")
        return headers, self.body_holder(content_type, encoding, consent, path)

    def holds(self, content_type: str | None) -> bool:
        """True when a response of this type is held, so that it varies with the cookie."""
        return self.hold_markup and is_html(content_type)

    def body_holder(
        self,
        content_type: str | None,
        content_encoding: str | None,
        consent: Consent,
        path: str = "",
    ) -> BodyHolder | None:
        """The holder of this response's body, or None to send it as it is: not a held type,
        nothing this visitor refuses, or a body that cannot be read (logged once per path)."""
        if not self.holds(content_type):
            return None
        charset = charset_of(content_type or "")
        why = refusal(charset, content_encoding)
        if why is not None:
            if path not in self._unheld and len(self._unheld) < _MAX_REMEMBERED:
                self._unheld.add(path)
                logger.warning(
                    "page %s sent as it is, its third-party tags not held: %s",
                    path or "(unknown path)",
                    why,
                )
            return None
        if all(consent.allows(service) for service in self._hosted):
            return None
        return BodyHolder(self.declaration, consent.allows, charset)

    def _log(self, result: Filtered, path: str) -> None:
        where = f" on {path}" if path else ""
        for judgement in result.dropped:
            if judgement.owner is None:  # never: only declared cookies are dropped
                continue
            logger.info(
                "withheld cookie %r%s: no consent for %s (%s)",
                judgement.name,
                where,
                judgement.owner.service.id,
                judgement.owner.service.category,
            )
        if not self.log_undeclared:
            return
        for judgement in result.undeclared:
            if judgement.name in self._reported or len(self._reported) >= _MAX_REMEMBERED:
                continue
            self._reported.add(judgement.name)
            logger.warning(
                "cookie %r%s is not in %s; it was sent, declare it so that it is gated",
                judgement.name,
                where,
                self.declaration.source_file,
            )


def header_value(headers: Headers, name: str) -> str | None:
    """The first value of the header `name` (lower case), if the response has one."""
    return next((v for k, v in headers if k.lower() == name), None)


def _vary_on_cookie(headers: Headers) -> Headers:
    """The headers with `Cookie` in `Vary` (unless it is there already, or `*`)."""
    names = {n.strip().lower() for k, v in headers if k.lower() == "vary" for n in v.split(",")}
    if names & {"*", VARY.lower()}:
        return headers
    return [*headers, ("Vary", VARY)]


def middleware_gate(
    declaration: DeclarationSource | None,
    gate: ConsentGate | None,
    *,
    clock: Clock,
    log_undeclared: bool,
    hold_markup: bool | None,
) -> ConsentGate:
    """The gate a `ConsentMiddleware` (ASGI or WSGI) was given, or one for its declaration."""
    if gate is not None:
        return gate
    if declaration is None:
        raise ConsentryError(
            "ConsentMiddleware needs declaration= (a Declaration or the path of consentry.toml)"
        )
    return ConsentGate(
        declaration, clock=clock, log_undeclared=log_undeclared, hold_markup=hold_markup
    )
