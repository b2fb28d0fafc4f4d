"""The policy version moves with material changes only (R27)."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.declaration import policy_version
from tests.factories import make_declaration, minimal_data


def version_of(data: dict[str, Any]) -> str:
    return make_declaration(**data).policy_version


BASE = make_declaration().policy_version


def test_the_version_is_twelve_hex_digits_and_stable() -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", BASE)
    assert make_declaration().policy_version == BASE
    assert policy_version(make_declaration()) == BASE


def test_wording_and_contact_changes_keep_the_version() -> None:
    data = minimal_data()
    data["controller"]["email"] = "dpo@site.test"
    data["site"]["name"] = "Un autre nom"
    data["site"]["policy_updated"] = data["site"]["policy_updated"].replace(year=2026)
    data["banner"] = {"labels": {"fr": {"reject_all": "Je refuse tout"}}}
    data["services"][1]["cookies"] = None  # placeholder removed below
    del data["services"][1]["cookies"]
    assert version_of(data) == BASE


def test_a_cookie_explanation_reworded_keeps_the_version() -> None:
    youtube = make_declaration().service("youtube")
    assert youtube is not None
    cookies = [c.model_dump(mode="json", exclude_none=True) for c in youtube.cookies]
    cookies[0]["purpose"] = {"fr": "Autre formulation", "en": "Other wording"}
    data = minimal_data()
    data["services"][1]["cookies"] = cookies
    assert version_of(data) == BASE


def test_adding_a_service_changes_the_version() -> None:
    data = minimal_data()
    data["services"].append({"use": "vimeo"})
    assert version_of(data) != BASE


def test_changing_a_lifetime_changes_the_version() -> None:
    youtube = make_declaration().service("youtube")
    assert youtube is not None
    cookies = [c.model_dump(mode="json", exclude_none=True) for c in youtube.cookies]
    cookies[0]["lifetime"] = "1 day"
    data = minimal_data()
    data["services"][1]["cookies"] = cookies
    assert version_of(data) != BASE


def test_changing_a_purpose_description_or_the_controller_changes_the_version() -> None:
    data = minimal_data()
    data["categories"] = {
        "functional": {
            "description": {"fr": "Autre description des vidéos.", "en": "Other description."}
        }
    }
    assert version_of(data) != BASE
    data = minimal_data()
    data["controller"]["name"] = "Autre Éditeur SAS"
    assert version_of(data) != BASE


@settings(max_examples=25, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=40,
    ).filter(str.strip)
)
def test_no_wording_edit_ever_moves_the_version(text: str) -> None:
    data = minimal_data()
    data["site"]["name"] = text
    data["banner"] = {"labels": {"fr": {"customize": text}}}
    assert version_of(data) == BASE


def test_a_copy_with_other_services_has_its_own_version() -> None:
    """The version is computed once per declaration, and a changed copy never inherits it."""
    declaration = make_declaration()
    assert declaration.policy_version == BASE
    fewer = declaration.model_copy(update={"services": declaration.services[:1]})
    deep = declaration.model_copy(update={"services": declaration.services[:1]}, deep=True)
    assert fewer.policy_version == deep.policy_version == policy_version(fewer) != BASE
    assert declaration.policy_version == BASE
