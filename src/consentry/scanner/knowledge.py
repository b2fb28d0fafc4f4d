"""What the scanner knows beyond the declaration: the catalog, the cookie database, trackers.

Classification asks a `Knowledge` object, never the catalog directly, so unit tests can hand
it a stub; the real one calls the catalog's look-ups (CONTRACTS.md §4: `lookup_cookie`,
`lookup_host`). `default_knowledge()` wires the real ones and our tracker-host list
(`data/trackers.toml`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Protocol

from consentry import catalog
from consentry.catalog import CookieFacts


@dataclass(frozen=True)
class TrackerHost:
    """A host known to belong to a tracking provider."""

    suffix: str
    provider: str
    purpose: str
    source: str = "tracker-list"


class Knowledge(Protocol):
    """Look-ups used after the declaration has had its say."""

    def lookup_cookie(self, name: str, domain: str | None = None) -> CookieFacts | None: ...

    def lookup_host(self, host: str) -> TrackerHost | None: ...


@dataclass(frozen=True)
class CatalogKnowledge:
    """The catalog's service hosts and cookie database, then our tracker list."""

    def lookup_cookie(self, name: str, domain: str | None = None) -> CookieFacts | None:
        return catalog.lookup_cookie(name, domain)

    def lookup_host(self, host: str) -> TrackerHost | None:
        service_id = catalog.lookup_host(host)
        if service_id:
            entry: dict[str, Any] = catalog.service_entry(service_id) or {}
            return TrackerHost(
                suffix=host,
                provider=str(entry.get("provider") or entry.get("name") or service_id),
                purpose=str(entry.get("category") or "unknown"),
                source=f"catalog:{service_id}",
            )
        return tracker_host(host)


def default_knowledge() -> Knowledge:
    """The knowledge a real scan uses."""
    return CatalogKnowledge()


def tracker_host(host: str) -> TrackerHost | None:
    """The tracker-list entry whose suffix matches `host` on whole labels, if any."""
    labels = host.lower().rstrip(".").split(".")
    table = _trackers()
    for start in range(len(labels)):
        entry = table.get(".".join(labels[start:]))
        if entry is not None:
            return entry
    return None


@cache
def _trackers() -> dict[str, TrackerHost]:
    text = _trackers_text()
    return {
        suffix: TrackerHost(suffix, str(v["provider"]), str(v["purpose"]))
        for suffix, v in tomllib.loads(text).items()
    }


def data_versions() -> dict[str, str]:
    """Versions of the data a verdict rests on, for the report's stamp (R52)."""
    versions = {
        "tracker_list": "sha256:" + _sha256(_trackers_text())[:12],
        "public_suffix_list": _package_version("publicsuffixlist"),
    }
    version_of = getattr(catalog, "data_version", None)
    if callable(version_of):
        versions["cookie_database"] = str(version_of())
    else:
        versions["cookie_database"] = _ocd_commit()
    return versions


def _trackers_text() -> str:
    return (files("consentry.scanner") / "data" / "trackers.toml").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _ocd_commit() -> str:
    """The Open Cookie Database commit named in the catalog's NOTICE, when shipped."""
    notice = files("consentry.catalog") / "data" / "NOTICE"
    try:
        text = notice.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, OSError):
        return "open-cookie-database not shipped in this build"
    match = re.search(r"\b[0-9a-f]{40}\b", text)
    return f"open-cookie-database {match.group(0)}" if match else "open-cookie-database"
