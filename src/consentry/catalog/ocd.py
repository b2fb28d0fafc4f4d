"""Read the Open Cookie Database CSV shipped in `data/` into typed rows.

The file is kept verbatim (Apache-2.0 §4(b): see `data/NOTICE`); this module only reads it.
Its "Retention period" and "Domain" columns are free text ("13 Months", "Sessions",
"linkedin.com (3rd party)"), so they are read here into a duration in the declaration's syntax
and a tuple of host names. Corrections to the data live in `corrections.toml`, not here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from consentry.catalog.facts import OCD_CATEGORIES
from consentry.errors import CatalogError

DATA_FILE = "open-cookie-database.csv"
_HEADER = [
    "ID",
    "Platform",
    "Category",
    "Cookie / Data Key name",
    "Domain",
    "Description",
    "Retention period",
    "Data Controller",
    "User Privacy & GDPR Rights Portals",
    "Wildcard match",
]

_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
_AMOUNT = re.compile(r"(\d+)\s*([a-z]+)")
_UNITS = {
    "second": "second",
    "seconds": "second",
    "sec": "second",
    "secs": "second",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
_SESSION = ("session", "sessions", "end of session", "browser session")
_PERSISTENT = ("forever", "permanent", "persistent", "unlimited", "never", "local storage")
_RANGE = re.compile(r"\b(till|to|until)\b")


@dataclass(frozen=True, slots=True)
class OcdRow:
    """One row of the Open Cookie Database, with its free-text columns read."""

    platform: str
    category: str
    name: str
    prefix: bool
    hosts: tuple[str, ...]
    description: str
    retention: str
    lifetime: str
    controller: str
    privacy_link: str | None


@cache
def ocd_rows() -> tuple[OcdRow, ...]:
    """Every row of the shipped file, read once."""
    resource = files("consentry.catalog") / "data" / DATA_FILE
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"consentry/catalog/data/{DATA_FILE}: {exc}") from exc
    return parse_ocd(text)


def parse_ocd(text: str) -> tuple[OcdRow, ...]:
    """Rows of an Open Cookie Database CSV; CatalogError names the first line that is wrong."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != _HEADER:
        raise CatalogError(f"{DATA_FILE}: unexpected header {header!r}; expected {_HEADER!r}")
    rows: list[OcdRow] = []
    for fields in reader:
        line = reader.line_num
        if not any(fields):
            continue
        if len(fields) != len(_HEADER):
            raise CatalogError(f"{DATA_FILE}:{line}: {len(fields)} fields, expected {len(_HEADER)}")
        _, platform, category, raw_name, domain, description, retention, controller, link, wild = (
            field.strip() for field in fields
        )
        if category not in OCD_CATEGORIES:
            raise CatalogError(f"{DATA_FILE}:{line}: unknown category {category!r}")
        if wild not in ("0", "1"):
            raise CatalogError(f"{DATA_FILE}:{line}: wildcard match must be 0 or 1, not {wild!r}")
        prefix = wild == "1" or raw_name.endswith("*")
        name = raw_name.rstrip("*") if prefix else raw_name
        if not name:
            continue
        rows.append(
            OcdRow(
                platform=platform,
                category=category,
                name=name,
                prefix=prefix,
                hosts=read_hosts(domain),
                description=description,
                retention=retention,
                lifetime=read_retention(retention),
                controller=controller,
                privacy_link=link if link.startswith(("https://", "http://")) else None,
            )
        )
    return tuple(rows)


def read_hosts(domain: str) -> tuple[str, ...]:
    """Host names in a free-text Domain cell: ".bing.com (3rd party) or .microsoft.com" → both."""
    cleaned = domain.lower().replace("\u200b", "")
    return tuple(dict.fromkeys(_HOST.findall(cleaned)))


def read_retention(text: str) -> str:
    """A free-text retention period as a declaration duration, or the text itself if unreadable.

    "13 Months" → "13 months"; "Sessions", "End of session (browser)" → "session"; "forever" →
    "persistent"; "2 years after last activity" → "2 years"; a range ("60 days till 3650 days",
    "Session to 30 days") gives its upper end, "14 days if you select Remember Me, otherwise
    session" its first figure.
    """
    lowered = " ".join(text.lower().split())
    if not lowered:
        return "unknown"
    amounts = [(int(n), _UNITS[u]) for n, u in _AMOUNT.findall(lowered) if u in _UNITS]
    ranged = _RANGE.search(lowered) is not None
    if lowered.startswith(_SESSION) and not (ranged and amounts):
        return "session"
    if lowered in _PERSISTENT:
        return "persistent"
    if not amounts:
        return text.strip()
    amount, unit = amounts[-1] if ranged else amounts[0]
    if amount == 0:
        return "session"
    return f"{amount} {unit}" if amount == 1 else f"{amount} {unit}s"
