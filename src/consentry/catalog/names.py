"""Cookie-name patterns and cookie domains, matched the same way everywhere in the catalog.

A name pattern uses `*` for any run of characters, as `Cookie.matches` does in a declaration
(the catalog imports nothing of the declaration, so the rule is restated here and a test keeps
the two in step). A domain matches a host when one is the other or a parent of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache


@cache
def name_regex(pattern: str) -> re.Pattern[str]:
    """The compiled regex of a name pattern: `*` matches any characters, the rest literally."""
    return re.compile("".join(".*" if part == "*" else re.escape(part) for part in _split(pattern)))


def matches_name(pattern: str, name: str) -> bool:
    """True when `name` is `pattern` (patterns with `*` match any run of characters there)."""
    if "*" not in pattern:
        return pattern == name
    return name_regex(pattern).fullmatch(name) is not None


def matches_any(patterns: Iterable[str], name: str) -> bool:
    return any(matches_name(p, name) for p in patterns)


def literal_prefix(pattern: str) -> str:
    """The part of a pattern before its first `*` (the whole name if it has none)."""
    return pattern.split("*", 1)[0]


def is_prefix_pattern(pattern: str) -> bool:
    """True for `prefix*`: one `*`, at the end, which an index can serve by prefix."""
    return pattern.endswith("*") and pattern.count("*") == 1


def normalize_domain(domain: str) -> str:
    """A cookie domain or host as compared: lower case, without leading or trailing dots."""
    return domain.strip().strip(".").lower()


def domain_matches(observed: str, hosts: Iterable[str]) -> bool:
    """True when the observed (normalized) domain is one of `hosts`, a parent or a child of one.

    ".youtube.com" and "www.youtube.com" are the same site for a cookie: a cookie for the parent
    is sent to the child, and the child is where the parent's cookie is usually seen from.
    """
    if "." not in observed:
        return False  # a bare label ("com", "localhost") is no site's cookie domain
    for host in hosts:
        if observed == host or observed.endswith("." + host) or host.endswith("." + observed):
            return True
    return False


def _split(pattern: str) -> list[str]:
    parts: list[str] = []
    for index, chunk in enumerate(pattern.split("*")):
        if index:
            parts.append("*")
        if chunk:
            parts.append(chunk)
    return parts
