"""What the catalog knows about a declared cookie or host: the rules' window on the catalog.

The catalog's look-ups (`lookup_cookie`, `lookup_host`, CONTRACTS.md §4) answer for names and
hosts *observed* on a site; a declaration may write a pattern (`_ga_*`), so a pattern is looked
up through a few names it would match. The look-ups are reached through the `catalog` module at
call time, so that tests can stand in for them.
"""

from __future__ import annotations

from consentry import catalog
from consentry.catalog import CookieFacts
from consentry.declaration import Cookie


def cookie_facts(cookie: Cookie) -> CookieFacts | None:
    """The catalog's facts for a declared cookie name or pattern, or None if unknown."""
    for name in _names_matched_by(cookie.name):
        facts = catalog.lookup_cookie(name, cookie.domain)
        if facts is not None:
            return facts
    return None


def host_service(host: str) -> str | None:
    """The catalog service whose hosts include `host` (`*.` stripped), or None."""
    return catalog.lookup_host(host.removeprefix("*.").lower())


def _names_matched_by(name: str) -> list[str]:
    if "*" not in name:
        return [name]
    # "_ga*" covers "_ga"; "_pk_id.*" covers "_pk_id.1"; a bare "*" names nothing known.
    names = [name, name.replace("*", "1"), name.replace("*", "")]
    return [n for n in dict.fromkeys(names) if n.strip("*")]
