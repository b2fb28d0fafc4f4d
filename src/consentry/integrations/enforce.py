"""Which `Set-Cookie` lines of a response a visitor's consent lets through.

Server-side enforcement: whatever a view or a library does, a declared cookie whose service has
no consent never reaches the browser. Necessary and exempt cookies pass, deletions pass (removing
a tracker is always welcome), and cookies the declaration does not know pass too, reported as
`undeclared` so the site owner can add them (or find who sets them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal

from consentry.declaration import Cookie, Declaration, Service
from consentry.integrations.consent import Consent

Verdict = Literal["keep", "drop", "undeclared"]


@dataclass(frozen=True)
class CookieOwner:
    """The declared cookie a name matches, and the service that writes it."""

    service: Service
    cookie: Cookie


@dataclass(frozen=True)
class Judgement:
    """What happens to one `Set-Cookie` line, and why."""

    line: str
    name: str
    verdict: Verdict
    owner: CookieOwner | None = None


@dataclass(frozen=True)
class Filtered:
    """A response's `Set-Cookie` lines split by verdict (`kept` includes the undeclared)."""

    kept: list[str] = field(default_factory=list)
    dropped: list[Judgement] = field(default_factory=list)
    undeclared: list[Judgement] = field(default_factory=list)


class CookieRules:
    """The declaration's cookies indexed by name: exact names first, then `*` patterns.

    Built once per declaration; only entries of type `cookie` are indexed, since storage keys
    never travel in a `Set-Cookie` header.
    """

    def __init__(self, declaration: Declaration) -> None:
        self.declaration = declaration
        self._exact: dict[str, CookieOwner] = {}
        self._patterns: list[CookieOwner] = []
        for service in declaration.services:
            for cookie in service.cookies:
                if cookie.type != "cookie":
                    continue
                owner = CookieOwner(service, cookie)
                if cookie.is_pattern:
                    self._patterns.append(owner)
                else:
                    self._exact.setdefault(cookie.name, owner)

    def owner(self, name: str) -> CookieOwner | None:
        """The declared cookie called `name`, or None when the declaration does not know it."""
        found = self._exact.get(name)
        if found is not None:
            return found
        return next((o for o in self._patterns if o.cookie.matches(name)), None)

    def judge(self, line: str, consent: Consent, now: datetime) -> Judgement:
        """Keep, drop or report one `Set-Cookie` value for a visitor with this consent."""
        name = set_cookie_name(line)
        owner = self.owner(name)
        if owner is None:
            return Judgement(line, name, "undeclared")
        allowed = (
            owner.cookie.exempt is not None
            or consent.allows(owner.service.id)
            or is_deletion(line, now)
        )
        return Judgement(line, name, "keep" if allowed else "drop", owner)

    def filter(self, lines: Iterable[str], consent: Consent, now: datetime) -> Filtered:
        """Split a response's `Set-Cookie` values into those to send and those to withhold."""
        result = Filtered()
        for line in lines:
            judgement = self.judge(line, consent, now)
            if judgement.verdict == "drop":
                result.dropped.append(judgement)
                continue
            if judgement.verdict == "undeclared":
                result.undeclared.append(judgement)
            result.kept.append(line)
        return result


def set_cookie_name(line: str) -> str:
    """The cookie name of a `Set-Cookie` value (`""` when it has none, as browsers read it)."""
    first = line.split(";", 1)[0]
    name, sep, _ = first.partition("=")
    return name.strip() if sep else ""


def is_deletion(line: str, now: datetime) -> bool:
    """True when the line removes the cookie (`Max-Age` ≤ 0, or else `Expires` in the past).

    As in RFC 6265 §5.3, a valid `Max-Age` wins over `Expires`; a malformed one is ignored.
    """
    max_age: int | None = None
    expires: datetime | None = None
    for attribute in line.split(";")[1:]:
        key, _, value = attribute.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "max-age":
            try:
                max_age = int(value)
            except ValueError:
                continue
        elif key == "expires":
            expires = _http_date(value) or expires
    if max_age is not None:
        return max_age <= 0
    return expires is not None and expires <= now


def _http_date(value: str) -> datetime | None:
    # Servers write "Thu, 01 Jan 1970 00:00:00 GMT" and the older "Thu, 01-Jan-1970 ..." form.
    try:
        parsed = parsedate_to_datetime(value.replace("-", " "))
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None
