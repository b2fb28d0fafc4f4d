"""Audience measurement exempt from consent, only under the CNIL's conditions (R38–R43).

A service claims the exemption with `exempt = "audience-measurement"` (on the service, or on
one of its cookies). The CNIL grants it only to a tool that measures the site's audience for
the publisher alone: collected first-party or self-hosted, no user id, no cross-referencing,
export or advertising use, truncated IP addresses, data kept at most 25 months, identifiers
living at most 13 months and scoped to the one site (CNIL-LD art. 5, CNIL-REC art. 5,
CNIL-AUD). A claim that fails one condition is not an exemption: the service needs consent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from consentry.declaration import (
    AUDIENCE_MEASUREMENT,
    NECESSARY,
    Cookie,
    Declaration,
    Duration,
    Service,
)
from consentry.rules.domains import first_party_domains, is_first_party
from consentry.rules.lifetimes import lives
from consentry.rules.rule import Found, rule
from consentry.rules.trackers import cookie_facts, host_service

AUDIENCE = "audience"
GOOGLE_ANALYTICS = "google-analytics"
COOKIE_CAP = Duration(13, "months")
DATA_CAP = Duration(25, "months")
MIN_IP_BYTES = 2

FORBIDDEN_INTEGRATIONS = frozenset(
    {
        "ad",
        "ads",
        "adwords",
        "advertising",
        "conversion",
        "conversions",
        "cohort",
        "cohorts",
        "crm",
        "cross",
        "export",
        "exports",
        "personalisation",
        "personalization",
        "remarketing",
        "retargeting",
        "share",
        "sharing",
        "userid",
    }
)
"""Words that name a use beyond measuring the audience for the publisher (R38)."""

_WORD = re.compile(r"[a-z0-9]+")
_CONDITIONS = "CNIL-LD art. 5; CNIL-AUD"
_NEEDS_CONSENT = "or drop the exemption claim so the banner asks for consent"


def claims_audience_exemption(service: Service) -> bool:
    """True when the service, or one of its cookies, claims the audience exemption."""
    return service.exempt == AUDIENCE_MEASUREMENT or any(
        c.exempt == AUDIENCE_MEASUREMENT for c in service.cookies
    )


def _claims(declaration: Declaration) -> Iterator[tuple[int, Service]]:
    for index, service in enumerate(declaration.services):
        if claims_audience_exemption(service):
            yield index, service


def _claim_loc(index: int, service: Service) -> tuple[str | int, ...]:
    if service.exempt == AUDIENCE_MEASUREMENT:
        return ("services", index, "exempt")
    j = next(j for j, c in enumerate(service.cookies) if c.exempt == AUDIENCE_MEASUREMENT)
    return ("services", index, "cookies", j, "exempt")


def _exempt_cookies(service: Service) -> Iterator[tuple[int, Cookie]]:
    for j, cookie in enumerate(service.cookies):
        if service.cookie_exempt(cookie) == AUDIENCE_MEASUREMENT:
            yield j, cookie


def is_google_analytics(service: Service) -> bool:
    """Google Analytics under any id: by catalog id, by its hosts, or by its cookies."""
    if GOOGLE_ANALYTICS in (service.id, service.use):
        return True
    if any(host_service(host) == GOOGLE_ANALYTICS for host in service.hosts):
        return True
    for cookie in service.cookies:
        facts = cookie_facts(cookie)
        if facts is not None and facts.service_id == GOOGLE_ANALYTICS:
            return True
    return False


@rule(
    "R38",
    "error",
    _CONDITIONS,
    "Google Analytics is claimed exempt from consent",
)
def google_analytics_claimed_exempt(declaration: Declaration) -> Iterator[Found]:
    for i, service in enumerate(declaration.services):
        if not is_google_analytics(service):
            continue
        if service.exempt is not None:
            loc: tuple[str | int, ...] = ("services", i, "exempt")
            claim = f'claims the exemption "{service.exempt}"'
        elif service.category == NECESSARY:
            loc = ("services", i, "category")
            claim = "is declared necessary"
        else:
            continue
        yield (
            loc,
            f"{service.name} {claim}, but Google Analytics always needs consent: Google "
            "collects on its own servers, for its own account, with transfers outside the EU",
            'remove the claim (keep category = "audience"), or measure the audience with a '
            "self-hosted tool such as Matomo in exempt mode",
        )


@rule(
    "R38",
    "error",
    _CONDITIONS,
    "The audience exemption is claimed for a service whose purpose is not audience",
)
def audience_exemption_off_purpose(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        if service.category != AUDIENCE:
            yield (
                _claim_loc(i, service),
                f'{service.name} claims the audience-measurement exemption, but its purpose is "'
                f'{service.category}"',
                'the exemption covers audience measurement only: set category = "audience", '
                "or choose the exemption ground that fits, or ask for consent",
            )


@rule(
    "R38",
    "error",
    _CONDITIONS,
    "Exempt audience measurement collects to a third-party host",
)
def audience_collector_third_party(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        for k, host in enumerate(service.hosts):
            if not is_first_party(host, declaration):
                domains = ", ".join(first_party_domains(declaration))
                yield (
                    ("services", i, "hosts", k),
                    f'{service.name} is exempt but collects to "{host}", outside the site '
                    f"({domains})",
                    "self-host the collector on the site's domain (hosts = [] when served by "
                    "the site itself), list a domain you control in [site].first_party_domains, "
                    + _NEEDS_CONSENT,
                )


@rule("R38", "error", _CONDITIONS, "Exempt audience measurement tracks a user id")
def audience_user_id(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        if service.user_id:
            yield (
                ("services", i, "user_id"),
                f"{service.name} is exempt but follows visitors with a user id",
                "set user_id = false: exempt statistics must stay anonymous, " + _NEEDS_CONSENT,
            )


def _forbidden(integration: str) -> bool:
    words = _WORD.findall(integration.lower())
    joined = "".join(words)
    return any(w in FORBIDDEN_INTEGRATIONS for w in words) or joined in FORBIDDEN_INTEGRATIONS


@rule(
    "R38",
    "error",
    _CONDITIONS,
    "Exempt audience measurement is connected to advertising, conversion, export or "
    "cross-site uses",
)
def audience_integration_forbidden(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        for k, integration in enumerate(service.integrations):
            if _forbidden(integration):
                yield (
                    ("services", i, "integrations", k),
                    f'{service.name} is exempt but has the integration "{integration}": '
                    "exempt data may not be cross-referenced, exported or used for advertising",
                    "remove the integration, " + _NEEDS_CONSENT,
                )


@rule(
    "R38",
    "warning",
    _CONDITIONS,
    "Exempt audience measurement has an integration Consentry cannot vouch for",
)
def audience_integration_unverified(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        for k, integration in enumerate(service.integrations):
            if not _forbidden(integration):
                yield (
                    ("services", i, "integrations", k),
                    f'{service.name} is exempt and has the integration "{integration}", '
                    "which Consentry cannot verify",
                    "keep it only if it measures the audience for you alone, with no "
                    "cross-referencing or transfer (check it with the CNIL self-assessment tool)",
                )


@rule(
    "R41",
    "error",
    "CNIL-AUD; CNIL-2013",
    "Exempt audience measurement keeps IP addresses untruncated",
)
def audience_ip_not_truncated(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        if service.ip_truncation < MIN_IP_BYTES:
            yield (
                ("services", i, "ip_truncation"),
                f"{service.name} is exempt but masks {service.ip_truncation} byte(s) of the "
                "IP address",
                f"configure it to mask at least {MIN_IP_BYTES} bytes and write "
                f"ip_truncation = {MIN_IP_BYTES}, " + _NEEDS_CONSENT,
            )


@rule(
    "R40",
    "error",
    "CNIL-REC art. 5; CNIL-AUD",
    "Exempt audience measurement keeps data longer than 25 months (or does not say)",
)
def audience_data_retention(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        retention = service.data_retention
        if retention is None:
            message = f"{service.name} is exempt but does not say how long it keeps its data"
        elif retention.exceeds(DATA_CAP):
            message = f"{service.name} is exempt but keeps its data {retention}"
        else:
            continue
        yield (
            ("services", i, "data_retention"),
            message,
            "configure it to delete raw data after 25 months at most and write data_retention = "
            '"25 months"',
        )


@rule(
    "R39",
    "error",
    "CNIL-REC art. 5; CNIL-AUD",
    "An exempt audience cookie lives longer than 13 months",
)
def audience_cookie_over_13_months(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        for j, cookie in _exempt_cookies(service):
            if cookie.lifetime.exceeds(COOKIE_CAP):
                yield (
                    ("services", i, "cookies", j, "lifetime"),
                    f'{cookie.type} "{cookie.name}" of {service.name} is exempt but '
                    + lives(cookie.lifetime),
                    "configure the tool so its identifier lives 13 months at most, not extended "
                    'by later visits, and write lifetime = "13 months"',
                )


@rule(
    "R43",
    "error",
    _CONDITIONS,
    "An exempt audience cookie is set outside the site, where it could follow visitors "
    "across sites",
)
def audience_cookie_cross_site(declaration: Declaration) -> Iterator[Found]:
    for i, service in _claims(declaration):
        for j, cookie in _exempt_cookies(service):
            outside = cookie.domain is not None and not is_first_party(cookie.domain, declaration)
            if cookie.party == "third" or outside:
                where = f' on "{cookie.domain}"' if cookie.domain else ""
                yield (
                    ("services", i, "cookies", j, "party" if not outside else "domain"),
                    f'{cookie.type} "{cookie.name}" of {service.name} is exempt but is a '
                    f"third-party identifier{where}",
                    "an exempt identifier must be first-party and scoped to this one site, "
                    + _NEEDS_CONSENT,
                )
