"""`ConsentGate`: the one object every framework adapter holds.

It loads the declaration once, reads a request's consent, and filters a response's
`Set-Cookie` lines, logging what it withholds and what the declaration does not know. The
adapters (`asgi`, `wsgi`, `flask`, `django`) only move headers between their framework and it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from consentry.declaration import Declaration, load_declaration
from consentry.integrations.consent import Consent, read_consent
from consentry.integrations.enforce import CookieRules, Filtered

logger = logging.getLogger("consentry.integrations")

DeclarationSource = Declaration | str | os.PathLike[str]
"""A `Declaration`, or the path of a `consentry.toml` to load once at start."""

Clock = Callable[[], datetime]

_MAX_REMEMBERED = 1000


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


class ConsentGate:
    """Reads consent from requests and withholds unconsented cookies from responses.

    Raises `DeclarationError` at construction when the declaration file is missing or invalid,
    so that a misconfigured site fails at start rather than on its first visitor.
    """

    def __init__(
        self,
        declaration: DeclarationSource,
        *,
        clock: Clock = utc_now,
        log_undeclared: bool = True,
    ) -> None:
        self.declaration = (
            declaration
            if isinstance(declaration, Declaration)
            else load_declaration(Path(declaration))
        )
        self.rules = CookieRules(self.declaration)
        self.clock = clock
        self.log_undeclared = log_undeclared
        self._reported: set[str] = set()

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
