"""Data minimisation of what the server adds to a record (R36, GDPR arts 5(1)(c) and 25(1)).

The record keeps the browser family and major version, never the raw user-agent string; an
address only when the site asks for it, and then truncated (IPv4 to /16, IPv6 to /48: enough
to tell a country or network apart, too little to single out a subscriber line); the page
URL without its query string, fragment or credentials.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

IPV4_PREFIX = 16
IPV6_PREFIX = 48

# Order matters: Edge and Opera and Samsung say "Chrome" too, Chrome says "Safari" too.
_BROWSERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("Edge", r"\bEdg(?:e|A|iOS)?/(\d+)"),
        ("Opera", r"\b(?:OPR|Opera)/(\d+)"),
        ("Samsung Internet", r"\bSamsungBrowser/(\d+)"),
        ("Firefox", r"\b(?:Firefox|FxiOS)/(\d+)"),
        ("Chrome", r"\b(?:HeadlessChrome|Chrome|CriOS|Chromium)/(\d+)"),
        ("Safari", r"\bVersion/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/"),
    )
)
_BOT = re.compile(r"bot|crawl|spider|slurp|curl/|wget/|python-|httpx/|okhttp|java/", re.I)


@lru_cache(maxsize=2048)
def user_agent_family(user_agent: str | None) -> str:
    """ "Firefox 128", "Chrome 126", …, "bot" or "other": never anything more precise."""
    if not user_agent:
        return "other"
    for name, pattern in _BROWSERS:
        match = pattern.search(user_agent)
        if match:
            return f"{name} {int(match.group(1))}"
    if _BOT.search(user_agent):
        return "bot"
    return "other"


def truncate_ip(address: str | None) -> str | None:
    """The network the address is in, as CIDR ("203.0.113.0/16" style), or None if unusable."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return str(network)


def strip_url(url: str) -> str:
    """The URL without query string, fragment, user name or password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
