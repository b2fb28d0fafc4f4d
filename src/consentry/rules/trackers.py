"""What the catalog knows about a declared cookie or host: the rules' window on the catalog.

The catalog's look-ups (`lookup_cookie`, `lookup_host`, CONTRACTS.md §4) answer for names and
hosts *observed* on a site; a declaration may write a pattern (`_ga_*`), so a pattern is looked
up through a few names it would match. The look-ups are found at call time, so tests can stand
in for them, and a catalog without them (before the catalog work lands) still answers: cookies
as "unknown", hosts from the catalog services' own host lists.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from consentry import catalog
from consentry.declaration import Cookie


class CookieKnowledge(Protocol):
    """The fields of the catalog's `CookieFacts` that the rules read."""

    @property
    def name(self) -> str: ...
    @property
    def service_id(self) -> str | None: ...
    @property
    def category(self) -> str: ...
    @property
    def provider(self) -> str | None: ...
    @property
    def well_known_tracker(self) -> bool: ...


def cookie_facts(cookie: Cookie) -> CookieKnowledge | None:
    """The catalog's facts for a declared cookie name or pattern, or None if unknown."""
    lookup = getattr(catalog, "lookup_cookie", None)
    if lookup is None:
        return None
    for name in _names_matched_by(cookie.name):
        facts: CookieKnowledge | None = lookup(name, cookie.domain)
        if facts is not None:
            return facts
    return None


def host_service(host: str) -> str | None:
    """The catalog service whose hosts include `host` (`*.` stripped), or None."""
    host = host.removeprefix("*.").lower()
    lookup = getattr(catalog, "lookup_host", None)
    if lookup is not None:
        found: str | None = lookup(host)
        return found
    exact, wildcards = _catalog_hosts()
    if host in exact:
        return exact[host]
    return next((sid for suffix, sid in wildcards if host.endswith(suffix)), None)


@cache
def _catalog_hosts() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Without the look-up: the services' own host lists (exact hosts, then `*.` suffixes)."""
    exact: dict[str, str] = {}
    wildcards: list[tuple[str, str]] = []
    for service_id in catalog.service_ids():
        for known in (catalog.service_entry(service_id) or {}).get("hosts", []):
            if not isinstance(known, str):
                continue
            if known.startswith("*."):
                wildcards.append((known[1:].lower(), service_id))
            else:
                exact.setdefault(known.lower(), service_id)
    return exact, tuple(wildcards)


def _names_matched_by(name: str) -> list[str]:
    if "*" not in name:
        return [name]
    # "_ga*" covers "_ga"; "_pk_id.*" covers "_pk_id.1"; a bare "*" names nothing known.
    names = [name, name.replace("*", "1"), name.replace("*", "")]
    return [n for n in dict.fromkeys(names) if n.strip("*")]
