"""The host index: which catalog service a request host belongs to (`lookup_host`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from consentry.catalog.names import normalize_domain


class HostIndex:
    """Exact hosts and `*.` wildcards of catalog services; the most specific match wins.

    An exact host beats a wildcard, a longer wildcard suffix beats a shorter one. When two
    services list the same host (gtag.js is served from www.googletagmanager.com for Google
    Analytics and Tag Manager alike), the first service id in alphabetical order answers.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, str] = {}
        self._wildcard: dict[str, str] = {}
        for host, service_id in sorted(pairs, key=lambda pair: pair[1]):
            if host.startswith("*."):
                self._wildcard.setdefault(normalize_domain(host[2:]), service_id)
            else:
                self._exact.setdefault(normalize_domain(host), service_id)

    def lookup(self, host: str) -> str | None:
        """The service id whose hosts match `host` (a host name, without scheme or port)."""
        name = normalize_domain(host)
        if not name:
            return None
        found = self._exact.get(name)
        if found is not None:
            return found
        labels = name.split(".")
        for start in range(1, len(labels)):
            found = self._wildcard.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None


def build_host_index(services: Mapping[str, Mapping[str, Any]]) -> HostIndex:
    """Index the `hosts` of catalog services (raw TOML tables by id)."""
    return HostIndex(
        (str(host), service_id)
        for service_id, service in services.items()
        for host in service.get("hosts", [])
    )
