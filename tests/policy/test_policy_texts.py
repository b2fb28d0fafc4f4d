"""The strings files and the words they give: same keys in both languages, facts in words."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

import pytest

from consentry.declaration import SUPPORTED_LANGUAGES, parse_duration
from consentry.policy.texts import texts


def _leaves(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out |= _leaves(value, f"{prefix}{key}.")
        return out
    return {prefix.rstrip("."): node}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    french = _leaves(texts("fr").data)
    for lang in SUPPORTED_LANGUAGES:
        other = _leaves(texts(lang).data)
        assert set(other) == set(french), lang
        for key, value in french.items():
            if isinstance(value, str):
                assert _placeholders(other[key]) == _placeholders(value), f"{lang}: {key}"


@pytest.mark.parametrize(
    ("lang", "written", "words"),
    [
        ("fr", "13 months", "13 mois"),
        ("fr", "1 month", "1 mois"),
        ("fr", "1 year", "1 an"),
        ("fr", "2 years", "2 ans"),
        ("fr", "30 days", "30 jours"),
        ("fr", "24 hours", "24 heures"),
        ("fr", "1 minute", "1 minute"),
        ("fr", "2 weeks", "2 semaines"),
        ("fr", "session", "session (jusqu’à la fermeture du navigateur)"),
        ("fr", "persistent", "persistant (jusqu’à suppression)"),
        ("en", "13 months", "13 months"),
        ("en", "1 month", "1 month"),
        ("en", "2 ans", "2 years"),
        ("en", "1 day", "1 day"),
        ("en", "session", "session (until the browser closes)"),
    ],
)
def test_lifetimes_read_as_people_write_them(lang: str, written: str, words: str) -> None:
    assert texts(lang).duration(parse_duration(written)) == words


@pytest.mark.parametrize(
    ("lang", "day", "words"),
    [
        ("fr", date(2025, 10, 1), "1er octobre 2025"),
        ("fr", date(2026, 2, 14), "14 février 2026"),
        ("en", date(2025, 10, 1), "1 October 2025"),
        ("en", date(2026, 8, 31), "31 August 2026"),
    ],
)
def test_dates_in_words(lang: str, day: date, words: str) -> None:
    assert texts(lang).date(day) == words


def test_counts_pick_the_singular_the_language_uses() -> None:
    fr, en = texts("fr"), texts("en")
    assert "partenaire." in fr.text("tools.partners", 1)
    assert "partenaire." in fr.text("tools.partners", 0)  # French: zero is singular
    assert "partenaires." in fr.text("tools.partners", 2)
    assert "partners." in en.text("tools.partners", 0)
    assert "partner." in en.text("tools.partners", 1)


def test_countries_authorities_and_lists() -> None:
    fr, en = texts("fr"), texts("en")
    assert fr.country("US") == "États-Unis" and en.country("US") == "United States"
    assert fr.country("ZZ") == "ZZ"
    assert fr.authority("cnil").url == "https://www.cnil.fr/fr/plaintes"
    assert en.authority("Garante").url is None and en.authority("Garante").name == "Garante"
    assert fr.join(["A", "B", "C"]) == "A, B et C" and en.join(["A", "B"]) == "A and B"
    with pytest.raises(ValueError, match="supported: fr, en"):
        texts("de")
