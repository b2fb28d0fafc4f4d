"""Reading banner labels as a visitor would (R15, R10): the phrases behind the label rules."""

from __future__ import annotations

import pytest

from consentry.rules.labels import expresses_refusal, suggests_acceptance

# CNIL-REC art. 2 §2.4 gives these pairs as clear: the first accepts, the second refuses.
CNIL_PAIRS = [
    ("Tout accepter", "Tout refuser"),
    ("J'accepte", "Je n'accepte pas"),
    ("J’accepte", "Je n’accepte pas"),  # typographic apostrophes, as people type them
    ("Consentir", "Ne pas consentir"),
    ("Accept all", "Reject all"),
    ("I agree", "I do not accept"),
]


@pytest.mark.parametrize(("accept", "refuse"), CNIL_PAIRS)
def test_cnil_pairs_read_as_intended(accept: str, refuse: str) -> None:
    assert suggests_acceptance(accept) and not expresses_refusal(accept)
    assert expresses_refusal(refuse) and not suggests_acceptance(refuse)


@pytest.mark.parametrize(
    "label",
    [
        "Continuer sans accepter",
        "Refuser",
        "Rejeter tout",
        "Décliner",
        "Continue without accepting",
        "Decline",
        "Interdire les cookies",
        "Je n'accepte rien",
    ],
)
def test_refusals(label: str) -> None:
    assert expresses_refusal(label)
    assert not suggests_acceptance(label)


@pytest.mark.parametrize(
    "label",
    ["Accepter les cookies", "OK", "D'accord", "Allow selection", "J'autorise", "Consent"],
)
def test_acceptances(label: str) -> None:
    assert suggests_acceptance(label)


@pytest.mark.parametrize(
    "label",
    [
        "Enregistrer mes choix",
        "Personnaliser",
        "Gérer mon consentement",
        "Manage consent",
        "Save my choices",
        "Fermer",
        "Cookies",
    ],
)
def test_neutral_labels_suggest_nothing(label: str) -> None:
    # "consentement"/"consent" as a noun names the topic; "Cookies" contains "ok" but not the word
    assert not suggests_acceptance(label)
    assert not expresses_refusal(label)
