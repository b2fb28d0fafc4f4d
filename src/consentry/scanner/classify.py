"""Say what each observed cookie, storage key and request host is, and whether it needs consent.

Order (issue 5, item 4): the declaration first (what the site promised), then the catalog and
the cookie database, then first or third party by registrable domain (offline public suffix
list), then the known tracker hosts. What stays unknown is kept as such, to be listed for
review. Pure functions: the knowledge comes in as an argument.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cache
from typing import Literal
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from consentry.catalog import CookieFacts
from consentry.declaration import (
    AUDIENCE_MEASUREMENT,
    NECESSARY,
    Cookie,
    Declaration,
    Duration,
    ExemptionGround,
    Service,
)
from consentry.scanner.knowledge import Knowledge
from consentry.scanner.observations import ItemKind

Source = Literal[
    "declaration", "consentry", "site", "catalog", "open-cookie-database", "tracker-list", "unknown"
]
Party = Literal["first", "third"]

CONSENT_PLATFORM = "consentry"
"""Service id given to Consentry's own script, API and choice cookie (always exempt)."""
_CONSENT_PATHS = ("/consentry.js", "/consentry.css", "/api/v1/consents")


@dataclass(frozen=True)
class Classification:
    """What an item is. `purpose` None means unknown; `exempt` items never need consent."""

    source: Source
    party: Party
    service_id: str | None = None
    provider: str | None = None
    purpose: str | None = None
    exempt: bool = False
    declared: bool = False
    declared_lifetime: Duration | None = None
    well_known_tracker: bool = False

    @property
    def needs_consent(self) -> bool:
        """True unless exempt; an unknown item needs consent until shown otherwise (R01)."""
        return not self.exempt

    @property
    def known(self) -> bool:
        return self.source != "unknown"


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """eTLD+1 of a host ("www.site.test" -> "site.test"); an IP address or bare name is itself."""
    host = host.lower().strip(".").lstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    return _psl().privatesuffix(host) or host


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def party_of(host: str, declaration: Declaration) -> Party:
    """First party when the host shares the site's registrable domain or a declared one."""
    own = {registrable_domain(declaration.site.host)}
    own |= {registrable_domain(d) for d in declaration.site.first_party_domains}
    return "first" if registrable_domain(host) in own else "third"


def host_matches(pattern: str, host: str) -> bool:
    """A declared host: exact, or `*.example.com` for any subdomain (and example.com itself)."""
    pattern, host = pattern.lower(), host.lower()
    if pattern.startswith("*."):
        base = pattern[2:]
        return host == base or host.endswith("." + base)
    return host == pattern


def classify_item(
    kind: ItemKind, name: str, domain: str, declaration: Declaration, knowledge: Knowledge
) -> Classification:
    """Classify a cookie or storage key seen on `domain` (cookie domain or storage host)."""
    party = party_of(domain, declaration)
    if kind == "cookie" and name == declaration.banner.cookie_name:
        return Classification(
            "consentry", party, CONSENT_PLATFORM, "Consentry", NECESSARY, True, True
        )
    found = _declared_cookie(kind, name, domain, declaration)
    facts = knowledge.lookup_cookie(name, domain)
    well_known = bool(facts and facts.well_known_tracker)
    if found is not None:
        service, cookie = found
        ground = service.cookie_exempt(cookie)
        exempt = service.category == NECESSARY or ground is not None
        if facts is not None and _own_audience_identifier(service, ground, facts):
            well_known = False  # a self-hosted audience tool under the CNIL exemption (R38)
        return Classification(
            "declaration",
            party,
            service.id,
            service.provider,
            service.category,
            exempt,
            declared=True,
            declared_lifetime=cookie.lifetime,
            well_known_tracker=well_known,
        )
    if facts is not None:
        source: Source = "catalog" if facts.source == "catalog" else "open-cookie-database"
        return Classification(
            source,
            party,
            facts.service_id,
            facts.provider or facts.platform,
            facts.category,
            exempt=facts.category == NECESSARY and not facts.well_known_tracker,
            well_known_tracker=well_known,
        )
    return Classification("unknown", party)


def _consentry(party: Party) -> Classification:
    return Classification("consentry", party, CONSENT_PLATFORM, "Consentry", NECESSARY, True, True)


def classify_request(url: str, declaration: Declaration, knowledge: Knowledge) -> Classification:
    """Classify a request by its host (and Consentry's own paths, which are always exempt)."""
    host = host_of(url)
    party = party_of(host, declaration)
    path = urlsplit(url).path
    if path.endswith(_CONSENT_PATHS):
        return Classification(
            "consentry", party, CONSENT_PLATFORM, "Consentry", NECESSARY, True, True
        )
    service = declared_service_for_host(host, declaration)
    if service is not None:
        return Classification(
            "declaration",
            party,
            service.id,
            service.provider,
            service.category,
            exempt=not service.consent_required,
            declared=True,
        )
    if party == "first":
        # The site's own pages and assets: they need no declaration (CNAME cloaking of
        # first-party subdomains is checked separately, R53).
        return Classification("site", party, None, None, NECESSARY, True, True)
    tracker = knowledge.lookup_host(host)
    if tracker is not None:
        source: Source = "catalog" if tracker.source.startswith("catalog") else "tracker-list"
        return Classification(source, party, None, tracker.provider, tracker.purpose)
    return Classification("unknown", party)


def declared_service_for_host(host: str, declaration: Declaration) -> Service | None:
    return next(
        (s for s in declaration.services if any(host_matches(h, host) for h in s.hosts)), None
    )


def _declared_cookie(
    kind: ItemKind, name: str, domain: str, declaration: Declaration
) -> tuple[Service, Cookie] | None:
    """The declared entry for this item; an exact name beats a pattern."""
    best: tuple[Service, Cookie] | None = None
    for service in declaration.services:
        for cookie in service.cookies:
            if not _same_kind(cookie.type, kind) or not cookie.matches(name):
                continue
            if cookie.domain and not (
                _domain_fits(cookie.domain, domain) or _service_domain(service, domain)
            ):
                continue
            if not cookie.is_pattern:
                return service, cookie
            best = best or (service, cookie)
    return best


def _own_audience_identifier(
    service: Service, ground: ExemptionGround | None, facts: CookieFacts
) -> bool:
    """An audience tool's own identifier claimed under the audience exemption: allowed, as in
    the rules' R23 check (the exemption's other conditions are `consentry check`'s job)."""
    return (
        ground == AUDIENCE_MEASUREMENT
        and service.category == "audience"
        and facts.category == "audience"
        and facts.service_id in (None, service.id, service.use)
    )


def _service_domain(service: Service, domain: str) -> bool:
    """The domain belongs to one of the service's declared hosts (a provider often sets the
    same cookie on several of its domains, e.g. `.twitter.com` and `.x.com`)."""
    site = registrable_domain(domain)
    return any(registrable_domain(h.removeprefix("*.")) == site for h in service.hosts)


def _same_kind(declared: str, seen: ItemKind) -> bool:
    return declared == seen


def _domain_fits(declared: str, seen: str) -> bool:
    declared, seen = declared.lower().lstrip("."), seen.lower().lstrip(".")
    return seen == declared or seen.endswith("." + declared) or declared.endswith("." + seen)
