"""Read a raw Set-Cookie line or `document.cookie` argument: name, domain, requested lifetime.

The lifetime the site *asks* for is what the CNIL rules judge (13 months), not what Chromium
keeps: the browser caps every cookie at 400 days, so `_ga`'s 2 years shows as 400 days in the
jar. Max-Age wins over Expires (RFC 6265 §5.3); a Max-Age of zero or less, or an Expires in
the past, deletes the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class ParsedCookie:
    name: str
    domain: str
    requested_seconds: float | None
    deleted: bool
    partitioned: bool = False


def parse_cookie_line(line: str, default_domain: str, now: float) -> ParsedCookie | None:
    """Parse one cookie line at time `now` (epoch seconds); None when it has no name."""
    parts = [p.strip() for p in line.split(";")]
    if not parts or "=" not in parts[0]:
        return None
    name = parts[0].split("=", 1)[0].strip()
    if not name:
        return None
    attributes: dict[str, str] = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        attributes[key.strip().lower()] = value.strip()
    domain = attributes.get("domain", "").lstrip(".").lower() or default_domain
    seconds: float | None = None
    if "max-age" in attributes:
        try:
            seconds = float(int(attributes["max-age"]))
        except ValueError:
            seconds = None
    if seconds is None and attributes.get("expires"):
        try:
            seconds = parsedate_to_datetime(attributes["expires"]).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            seconds = None
    deleted = seconds is not None and seconds <= 0
    return ParsedCookie(name, domain, seconds, deleted, "partitioned" in attributes)
