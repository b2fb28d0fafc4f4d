"""Trackers exempt from consent: a recognised ground, a written justification, no disguise (R23).

LIL art. 82 exempts only what is strictly necessary for a service the visitor asked for (or
for the communication itself); the CNIL lists the usual cases (CNIL-LD art. 5) and the EDPB
found "essential" lists full of advertising and analytics identifiers (EDPB-TF paras 26–30).
So a necessary or exempt entry must name its ground and say why, and a well-known advertising
or analytics identifier can never sit among them — except a self-hosted audience tool's own
identifier under the audience exemption, whose conditions `audience.py` checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from consentry.catalog import CookieFacts
from consentry.declaration import (
    AUDIENCE_MEASUREMENT,
    NECESSARY,
    Cookie,
    Declaration,
    ExemptionGround,
    Service,
)
from consentry.rules.audience import AUDIENCE
from consentry.rules.rule import Found, rule
from consentry.rules.trackers import cookie_facts

_SOURCE = "LIL art. 82; CNIL-LD art. 5; EDPB-TF paras 26–30"
GROUNDS = (
    '"consent-choice", "authentication", "session", "security", "cart", "ui-preference", '
    '"load-balancing", "paywall" or "audience-measurement"'
)


def claims_exemption(service: Service) -> bool:
    """True when the service, or any of its cookies, is used without consent."""
    return (
        service.category == NECESSARY
        or service.exempt is not None
        or any(c.exempt is not None for c in service.cookies)
    )


@rule("R23", "error", _SOURCE, "A necessary service or cookie has no exemption ground")
def necessary_without_ground(declaration: Declaration) -> Iterator[Found]:
    for i, service in enumerate(declaration.services):
        if service.category != NECESSARY or service.exempt is not None:
            continue
        bare = [(j, c) for j, c in enumerate(service.cookies) if c.exempt is None]
        if not service.cookies:
            yield (
                ("services", i, "category"),
                f"{service.name} is declared necessary without saying on which ground",
                f"give exempt = {GROUNDS}; anything else needs consent",
            )
        for j, cookie in bare:
            yield (
                ("services", i, "cookies", j, "exempt"),
                f'{cookie.type} "{cookie.name}" of {service.name} is declared necessary '
                "without an exemption ground",
                f"give the service or the cookie exempt = {GROUNDS}; anything else needs "
                "consent (move the service to its purpose)",
            )


@rule("R23", "error", _SOURCE, "An exempt or necessary service has no written justification")
def exemption_without_justification(declaration: Declaration) -> Iterator[Found]:
    for i, service in enumerate(declaration.services):
        if claims_exemption(service) and service.justification is None:
            yield (
                ("services", i, "justification"),
                f"{service.name} is used without consent but its declaration does not say why "
                "that is strictly necessary",
                'add justification = { fr = "…", en = "…" } explaining why the service cannot '
                "work without it; the policy page shows it",
            )


def _allowed_tracker(service: Service, ground: ExemptionGround | None, facts: CookieFacts) -> bool:
    """A self-hosted audience tool's own identifier under the audience exemption."""
    return (
        ground == AUDIENCE_MEASUREMENT
        and service.category == AUDIENCE
        and facts.category == AUDIENCE
        and facts.service_id in (None, service.id, service.use)
    )


def _who(facts: CookieFacts) -> str:
    owner = facts.service_id or facts.provider
    return f" ({owner})" if owner else ""


def _claim(service: Service, cookie: Cookie) -> str:
    ground = service.cookie_exempt(cookie)
    return f'exempt as "{ground}"' if ground else "necessary"


@rule(
    "R23",
    "error",
    "CNIL-LD art. 5; EDPB-TF paras 26–30",
    "A well-known advertising or analytics identifier is declared necessary or exempt",
)
def tracker_declared_necessary(declaration: Declaration) -> Iterator[Found]:
    for i, service in enumerate(declaration.services):
        for j, cookie in enumerate(service.cookies):
            ground = service.cookie_exempt(cookie)
            if ground is None and service.category != NECESSARY:
                continue
            facts = cookie_facts(cookie)
            if facts is None or not facts.well_known_tracker:
                continue
            if _allowed_tracker(service, ground, facts):
                continue
            yield (
                ("services", i, "cookies", j, "name"),
                f'{cookie.type} "{cookie.name}" of {service.name} is declared '
                f"{_claim(service, cookie)}, but it is a well-known {facts.category} "
                f"identifier{_who(facts)}",
                "an advertising or analytics identifier always needs consent: move it to a "
                "service of its purpose, without an exemption ground",
            )
