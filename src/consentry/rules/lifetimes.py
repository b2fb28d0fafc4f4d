"""How long things last: the visitor's choice, consent-based cookies, and the consent ledger.

The CNIL's 6 months for a choice is good practice assessed case by case, not a legal maximum
(requirements.md §16, caveat 1): above it we warn. Above 13 months, the length the CNIL used
as the cap on consent validity (CNIL-2013) and still uses for exempt audience cookies
(CNIL-REC art. 5), we refuse. Ledger retention is bounded below by what proof needs
(GDPR art. 7(1)) and above by the civil limitation period (Code civil art. 2224).
"""

from __future__ import annotations

from collections.abc import Iterator

from consentry.declaration import NECESSARY, Declaration, Duration
from consentry.rules.rule import Found, rule

CHOICE_ADVISED = Duration(6, "months")
CHOICE_CAP = Duration(13, "months")
COOKIE_ADVISED = Duration(13, "months")
LIMITATION_PERIOD = Duration(5, "years")
"""Code civil art. 2224: personal and movable actions lapse five years after the facts."""


def lives(lifetime: Duration) -> str:
    """ "lives 2 years", "never expires": how long something lasts, as a phrase."""
    if lifetime.is_persistent:
        return "never expires"
    if lifetime.is_session:
        return "lasts the browser session"
    return f"lives {lifetime}"


@rule(
    "R24",
    "warning",
    "CNIL-REC art. 2 §2.4; CNIL-FAQ",
    "The visitor's choice is kept longer than the 6 months the CNIL recommends",
)
def choice_kept_over_6_months(declaration: Declaration) -> Iterator[Found]:
    lifetime = declaration.site.consent_lifetime
    if lifetime.exceeds(CHOICE_ADVISED) and not lifetime.exceeds(CHOICE_CAP):
        yield (
            ("site", "consent_lifetime"),
            f"the choice is kept {lifetime}, longer than the 6 months the CNIL recommends",
            'write consent_lifetime = "6 months", or keep the reason for a longer period '
            "on file: the CNIL assesses it case by case",
        )


@rule(
    "R24",
    "error",
    "CNIL-REC art. 2 §2.4; CNIL-2013; EDPB-CONSENT §5.1",
    "The visitor's choice is kept longer than 13 months",
)
def choice_kept_over_13_months(declaration: Declaration) -> Iterator[Found]:
    lifetime = declaration.site.consent_lifetime
    if lifetime.exceeds(CHOICE_CAP):
        yield (
            ("site", "consent_lifetime"),
            f"the choice is kept {lifetime}; consent must be asked again well before 13 months",
            'write consent_lifetime = "6 months" (the CNIL recommendation)',
        )


@rule(
    "R39",
    "warning",
    "CNIL-2013; CNIL-REC art. 5",
    "A cookie that needs consent lives longer than 13 months",
)
def consent_cookie_over_13_months(declaration: Declaration) -> Iterator[Found]:
    # Web storage has no expiry its writer can set, so only HTTP cookies are weighed here;
    # exempt cookies are held to 13 months as an error by the audience-measurement rules.
    for i, service in enumerate(declaration.services):
        if service.category == NECESSARY:
            continue
        for j, cookie in enumerate(service.cookies):
            if cookie.type != "cookie" or service.cookie_exempt(cookie) is not None:
                continue
            if not cookie.lifetime.exceeds(COOKIE_ADVISED):
                continue
            if cookie.party == "first":
                hint = (
                    f"configure {service.name} to expire it within 13 months, then declare "
                    "that lifetime in this [[services]] entry"
                )
            else:
                hint = (
                    f"{service.provider} sets it, so the site cannot shorten it: prefer a "
                    "mode of the service that does not write it, or weigh whether the "
                    "service is worth this lifetime"
                )
            yield (
                ("services", i, "cookies", j, "lifetime"),
                f'cookie "{cookie.name}" of {service.name} {lives(cookie.lifetime)}; the CNIL '
                "has long held 13 months as the ceiling for a tracker's lifetime",
                hint,
            )


@rule(
    "R37",
    "error",
    "GDPR art. 7(1); CNIL-REC art. 4",
    "Consent records are purged before the consent they prove expires",
)
def ledger_retention_shorter_than_choice(declaration: Declaration) -> Iterator[Found]:
    retention = declaration.ledger.retention
    lifetime = declaration.site.consent_lifetime
    if retention.is_persistent:
        return
    if lifetime.exceeds(retention):
        yield (
            ("ledger", "retention"),
            f"consent records are kept {retention}, but a choice lasts {lifetime}: the "
            "proof would be gone while the consent is still relied on",
            f'keep records at least as long as a choice ({lifetime}); "5 years" covers '
            "the limitation period",
        )


@rule(
    "R37",
    "error",
    "GDPR art. 5(1)(e)",
    "Consent records are kept for ever",
)
def ledger_retention_unbounded(declaration: Declaration) -> Iterator[Found]:
    if declaration.ledger.retention.is_persistent:
        yield (
            ("ledger", "retention"),
            "consent records are never purged",
            'give a fixed period, such as retention = "5 years" (the limitation period '
            "of Code civil art. 2224)",
        )


@rule(
    "R37",
    "warning",
    "GDPR art. 5(1)(e); Code civil art. 2224",
    "Consent records are kept longer than the limitation period plus the choice",
)
def ledger_retention_over_limitation(declaration: Declaration) -> Iterator[Found]:
    retention = declaration.ledger.retention
    lifetime = declaration.site.consent_lifetime
    if retention.is_persistent or retention.is_session:
        return
    # A record proves a consent relied on until it expires; a claim about that processing
    # lapses 5 years later. Nothing justifies keeping it longer (storage limitation).
    ceiling = LIMITATION_PERIOD.in_months() + lifetime.in_months()
    if retention.in_months() > ceiling + 1e-9:
        yield (
            ("ledger", "retention"),
            f"consent records are kept {retention}, longer than the 5-year limitation "
            f"period after a choice expires (5 years + {lifetime})",
            'write retention = "5 years", or document why records must outlive the '
            "limitation period",
        )
