"""Whether a host belongs to the site: the test behind "first-party collector" (R38, R43).

A host is first-party when it is the site's registrable domain (public-suffix list, so that
`stats.example.co.uk` belongs to `example.co.uk` and `foo.github.io` does not belong to
`bar.github.io`) or a subdomain of it, or of a domain listed in `[site].first_party_domains`.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from publicsuffixlist import PublicSuffixList

from consentry.declaration import Declaration


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """`www.example.co.uk` → `example.co.uk`; an IP address or a bare name stays as it is."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return host
    return _suffixes().privatesuffix(host) or host


def is_within(host: str, domain: str) -> bool:
    """True when `host` is `domain` or one of its subdomains."""
    host = host.lower().removeprefix("*.").rstrip(".")
    domain = domain.lower().removeprefix("*.").removeprefix(".").rstrip(".")
    return host == domain or host.endswith("." + domain)


def first_party_domains(declaration: Declaration) -> list[str]:
    """The site's registrable domain, then the declared first-party domains."""
    own = registrable_domain(declaration.site.host)
    return [own, *declaration.site.first_party_domains]


def is_first_party(host: str, declaration: Declaration) -> bool:
    """True when `host` belongs to the site (see the module docstring)."""
    return any(is_within(host, domain) for domain in first_party_domains(declaration))
