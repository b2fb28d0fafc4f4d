"""`lookup_cookie` and `lookup_host`: what the catalog knows about a cookie name or a host.

The indexes are built lazily, once per process, from data shipped in the package (catalog
services, the Open Cookie Database, corrections.toml); after that every look-up is pure and
does no I/O. The scanner calls `lookup_cookie` for every cookie and storage key it observes,
so answers are also memoised per (name, domain).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from consentry.catalog.corrections import corrections
from consentry.catalog.facts import CookieFacts
from consentry.catalog.hosts import HostIndex, build_host_index
from consentry.catalog.index import CookieIndex, build_cookie_index
from consentry.catalog.ocd import ocd_rows
from consentry.catalog.services import service_entry, service_ids


def lookup_cookie(name: str, domain: str | None = None) -> CookieFacts | None:
    """Known facts about the cookie or storage key `name`, or None when nobody knows it.

    `domain` is the cookie's domain or the storage origin's host, as observed (".youtube.com",
    "www.site.test"); give it when known: it tells platforms apart when several use a name,
    and keeps a generic name such as `sessionid` from being taken for a platform's cookie.
    Our catalog answers first (exact names, then patterns), then the Open Cookie Database
    (exact names, then prefixes), with our corrections applied.
    """
    return _lookup_cookie(name, domain or None)


def lookup_host(host: str) -> str | None:
    """The catalog service id whose declared hosts match `host`, or None.

    Exact hosts and `*.` wildcards are matched; the most specific wins ("www.youtube.com"
    before "*.youtube.com"). Give a host name only ("i.ytimg.com"), without scheme or port.
    """
    return host_index().lookup(host)


@cache
def cookie_index() -> CookieIndex:
    """The cookie index, built on first use."""
    return build_cookie_index(_catalog(), ocd_rows(), corrections())


@cache
def host_index() -> HostIndex:
    """The host index, built on first use."""
    return build_host_index(_catalog())


@lru_cache(maxsize=16_384)
def _lookup_cookie(name: str, domain: str | None) -> CookieFacts | None:
    return cookie_index().lookup(name, domain)


@cache
def _catalog() -> dict[str, dict[str, Any]]:
    entries = {service_id: service_entry(service_id) for service_id in service_ids()}
    return {service_id: entry for service_id, entry in entries.items() if entry is not None}
