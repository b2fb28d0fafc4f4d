"""The legal basis for reading or writing on a device: consent, or an exemption, nothing else.

LIL art. 82 (ePD art. 5(3)) leaves two ways to store or read a tracker: the visitor's consent,
or one of its two exemptions. "Legitimate interest", "contract" and "legal obligation" are
GDPR art. 6 bases for what is done with data afterwards; they never cover the tracker itself
(EDPB-TF paras 22–24), so a declaration may only say `consent` or `exemption`, and must say it
consistently with the exemption grounds it claims.
"""

from __future__ import annotations

from collections.abc import Iterator

from consentry.declaration import NECESSARY, Declaration, LegalBasis
from consentry.rules.rule import Found, Loc, rule

_EXPLAIN: dict[str, str] = {
    "legitimate_interest": "legitimate interest never covers placing or reading a tracker",
    "contract": "a contract is a basis for later processing, not for the tracker itself",
    "legal_obligation": "a legal obligation is a basis for later processing, not for the "
    "tracker itself",
}


def _bases(declaration: Declaration) -> Iterator[tuple[Loc, str, LegalBasis, bool]]:
    """Each declared basis: where, whose, which, and whether a ground is claimed there."""
    for i, service in enumerate(declaration.services):
        if service.legal_basis is not None:
            exempt = service.exempt is not None or service.category == NECESSARY
            yield ("services", i, "legal_basis"), service.name, service.legal_basis, exempt
        for j, cookie in enumerate(service.cookies):
            if cookie.legal_basis is not None:
                exempt = service.cookie_exempt(cookie) is not None or (
                    service.category == NECESSARY
                )
                where: Loc = ("services", i, "cookies", j, "legal_basis")
                yield where, f'{cookie.type} "{cookie.name}"', cookie.legal_basis, exempt


@rule(
    "R19",
    "error",
    "LIL art. 82; EDPB-TF paras 22–24",
    "A tracker rests on legitimate interest (or another basis than consent or exemption)",
)
def basis_not_consent(declaration: Declaration) -> Iterator[Found]:
    for loc, whose, basis, _ in _bases(declaration):
        if basis in _EXPLAIN:
            yield (
                loc,
                f'{whose} gives the legal basis "{basis}": {_EXPLAIN[basis]}',
                'write legal_basis = "consent", or "exemption" with an exemption ground '
                "(exempt = …) if the tracker is strictly necessary",
            )


@rule(
    "R23",
    "error",
    "LIL art. 82; CNIL-LD art. 5",
    'The legal basis is "exemption" but no exemption ground is claimed',
)
def exemption_basis_without_ground(declaration: Declaration) -> Iterator[Found]:
    for loc, whose, basis, exempt in _bases(declaration):
        if basis == "exemption" and not exempt:
            yield (
                loc,
                f'{whose} gives the legal basis "exemption" without an exemption ground',
                'give exempt = "<ground>" (see docs/declaration.md), or write legal_basis = '
                '"consent"',
            )


@rule(
    "R23",
    "error",
    "LIL art. 82; GDPR art. 7(1)",
    'The legal basis is "consent" but an exemption is claimed, so consent is never asked',
)
def consent_basis_on_exempt(declaration: Declaration) -> Iterator[Found]:
    for loc, whose, basis, exempt in _bases(declaration):
        if basis == "consent" and exempt:
            yield (
                loc,
                f'{whose} gives the legal basis "consent" but is necessary or exempt, so the '
                "banner never asks for that consent",
                "remove the exemption (and the necessary category) to ask for consent, or write "
                'legal_basis = "exemption"',
            )
