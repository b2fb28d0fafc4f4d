"""Loading consentry.toml: catalog merge, overrides, and problems named at file, line and field."""

from __future__ import annotations

import pytest

from consentry.declaration import Duration, load_declaration, parse_declaration
from consentry.declaration.models import Declaration
from consentry.errors import DeclarationError, Problem
from tests.factories import MINIMAL_TOML


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(text, "site.toml")
    return caught.value.problems


def test_the_reference_declaration_loads_with_catalog_services(reference: Declaration) -> None:
    ids = [s.id for s in reference.services]
    assert ids == [
        "wordpress",
        "masterstudy-lms",
        "matomo",
        "google-analytics",
        "youtube",
        "vimeo",
        "brevo",
        "linkedin",
        "x",
        "acme-chat",
    ]
    youtube = reference.service("youtube")
    assert youtube is not None and youtube.provider == "Google Ireland Limited"
    assert any(c.name == "YSC" for c in youtube.cookies)
    matomo = reference.service("matomo")
    assert matomo is not None and matomo.exempt == "audience-measurement"
    assert not matomo.consent_required
    assert matomo.provider == "MasterMI Learning"  # provider = "self" becomes the controller
    acme = reference.service("acme-chat")
    assert acme is not None and acme.cookies[0].lifetime == Duration(30, "days")
    assert reference.site.consent_lifetime == Duration(6, "months")


def test_built_in_purposes_come_in_both_languages(reference: Declaration) -> None:
    assert list(reference.categories)[:6] == [
        "necessary",
        "functional",
        "audience",
        "support",
        "social",
        "advertising",
    ]
    assert reference.categories["audience"].title == {
        "fr": "Mesure d'audience",
        "en": "Audience measurement",
    }
    assert "advertising" not in reference.purposes_in_use  # declared, not used
    assert reference.consent_purposes == ["functional", "audience", "support", "social"]


def test_a_catalog_field_can_be_overridden_and_hosts_replaced() -> None:
    text = MINIMAL_TOML.replace(
        'use = "youtube"\n',
        'use = "youtube"\nhosts = ["video.site.test"]\nname = "Vidéos"\n',
    )
    youtube = parse_declaration(text).service("youtube")
    assert youtube is not None
    assert youtube.hosts == ["video.site.test"]
    assert youtube.name == "Vidéos"
    assert youtube.provider == "Google Ireland Limited"


def test_a_category_table_overrides_a_text_or_adds_a_purpose() -> None:
    text = (
        MINIMAL_TOML
        + """
[categories.audience]
title = { fr = "Statistiques" }

[categories.forum]
title = { fr = "Forum", en = "Forum" }
description = { fr = "Affiche le forum des apprenants.", en = "Shows the learners' forum." }
"""
    )
    declaration = parse_declaration(text)
    assert declaration.categories["audience"].title == {
        "fr": "Statistiques",
        "en": "Audience measurement",
    }
    assert declaration.categories["forum"].title["en"] == "Forum"


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = (
        MINIMAL_TOML.replace('use = "youtube"', 'use = "youtub"')
        + """
[[services]]
id = "acme"
name = "Acme"
provider = "Acme SAS"
category = "support"
privacy_policy = "https://acme.test/privacy"
  [[services.cookies]]
  name = "acme_sid"
  lifetime = "30 dais"
  purpse = { fr = "x", en = "y" }
"""
    )
    problems = problems_of(text)
    assert [(p.line, p.field) for p in problems] == [
        (line_of(text, 'use = "youtub"'), "services[1].use"),
        (line_of(text, "[[services.cookies]]"), "services[2].cookies[0].purpose"),
        (line_of(text, "30 dais"), "services[2].cookies[0].lifetime"),
        (line_of(text, "purpse"), "services[2].cookies[0].purpse"),
    ]
    assert problems[0].message == 'unknown service "youtub"'
    assert problems[0].hint == 'did you mean "youtube"?'
    assert "unknown unit 'dais'" in problems[2].message
    assert problems[3].hint == 'did you mean "purpose"?'
    assert str(problems[0]) == (
        f'site.toml:{problems[0].line}:1: error: services[1].use: unknown service "youtub" '
        '(did you mean "youtube"?)'
    )


def test_a_misspelt_table_suggests_the_right_one() -> None:
    text = MINIMAL_TOML + '\n[baner]\ncookie_name = "eu-consent"\n'
    problems = problems_of(text)
    assert [(p.line, p.field, p.message, p.hint) for p in problems] == [
        (line_of(text, "[baner]"), "baner", 'unknown key "baner"', 'did you mean "banner"?')
    ]


def test_cross_references_are_checked() -> None:
    text = (
        MINIMAL_TOML
        + """
[[services]]
use = "vimeo"
category = "videos"

[[services]]
use = "youtube"
"""
    )
    problems = problems_of(text)
    assert [(p.field, p.message) for p in problems] == [
        ("services[2].category", 'unknown purpose "videos"'),
        ("services[3].id", 'service "youtube" is declared twice'),
    ]


def test_a_missing_translation_names_the_text() -> None:
    text = (
        MINIMAL_TOML
        + """
[[services]]
id = "acme"
name = "Acme"
provider = "Acme SAS"
category = "support"
privacy_policy = "https://acme.test/privacy"
  [[services.cookies]]
  name = "acme_sid"
  lifetime = "30 days"
  purpose = { fr = "Identifie la conversation" }
"""
    )
    (problem,) = problems_of(text)
    assert (problem.line, problem.field, problem.message) == (
        line_of(text, "purpose = "),
        "services[2].cookies[0].purpose",
        "no en text",
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[site\nname = 1\n", 1, "expected ']'"),
        ('[site]\nname = "unterminated\n', 2, "illegal character"),
        ("a = 1\na = 2\n", 2, "cannot overwrite a value"),
    ],
)
def test_toml_syntax_errors_are_located(text: str, line: int, message: str) -> None:
    (problem,) = problems_of(text)
    assert problem.line == line
    assert message in problem.message.lower()


def test_bytes_that_are_not_utf8_are_located() -> None:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(b'[site]\nname = "\xff"\n', "site.toml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 9)
    assert "UTF-8" in problem.hint


def test_a_missing_file_says_how_to_make_one(tmp_path: object) -> None:
    with pytest.raises(DeclarationError) as caught:
        load_declaration("/nonexistent/consentry.toml")
    assert "consentry init" in caught.value.problems[0].hint
