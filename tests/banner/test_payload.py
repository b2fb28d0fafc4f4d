"""The payload builder: what it inlines, how big it is, how stable its ETag is."""

from __future__ import annotations

import hashlib
import json
import re

import brotli
import pytest

from consentry.banner import LABEL_KEYS, banner_texts, build_payload, join_modules, site_config
from consentry.declaration import Declaration
from consentry.errors import DeclarationError
from tests.factories import make_declaration

BUDGET = 8_000  # brotli bytes for everything the banner needs (issue 3)


def config_of(script: bytes) -> dict[str, object]:
    """The CONFIG object inlined in a built script."""
    text = script.decode()
    start = text.index('({"version"') + 1
    config: dict[str, object] = json.JSONDecoder().raw_decode(text, start)[0]
    return config


def test_the_reference_config_has_what_the_browser_needs(reference: Declaration) -> None:
    config = site_config(reference, ["fr", "en"])
    assert config["version"] == reference.policy_version
    assert config["cookie"] == "cookie_consent"
    assert config["lifetime"] == [6, 0]
    assert config["asked"] == ["functional", "audience", "support", "social"]
    assert config["purposes"] == ["necessary", "functional", "audience", "support", "social"]
    services = {s["id"]: s for s in config["services"]}  # type: ignore[attr-defined]
    assert services["google-analytics"]["kind"] == 1
    assert services["google-analytics"]["erase"] == ["_ga", "_ga_*", "_gid", "_gat*"]
    assert services["matomo"]["kind"] == 2  # exempt, the visitor may object
    assert "mtm_consent_removed" not in services["matomo"]["erase"]  # records the objection
    assert services["wordpress"]["kind"] == 0 and "erase" not in services["wordpress"]
    assert services["youtube"]["erase"] == []  # third-party cookies are out of reach
    assert services["youtube"]["provider"] == "Google Ireland Limited"
    assert config["gcm"] is True
    fr = config["texts"]["fr"]  # type: ignore[index]
    assert fr["reject_all"] == "Tout refuser" and fr["accept_all"] == "Tout accepter"
    assert fr["purposes"]["audience"][0] == "Mesure d'audience"


def test_storage_keys_and_lifetimes_in_other_units() -> None:
    declaration = make_declaration(
        site={"consent_lifetime": "90 days"},
        services=[
            {
                "id": "shop",
                "name": "Shop",
                "provider": "Shop SAS",
                "category": "functional",
                "privacy_policy": "https://shop.test/privacy",
                "cookies": [
                    {"name": "cart_*", "type": "localStorage", "lifetime": "30 days",
                     "purpose": {"fr": "Panier", "en": "Cart"}},
                    {"name": "tab", "type": "sessionStorage", "lifetime": "session",
                     "purpose": {"fr": "Onglet", "en": "Tab"}},
                ],
            }
        ],
    )  # fmt: skip
    config = site_config(declaration, ["fr"])
    assert config["lifetime"] == [0, 90 * 86400]
    assert config["services"][0]["erase"] == ["L:cart_*", "S:tab"]  # type: ignore[index]


def test_the_script_fits_the_budget_and_inlines_the_config(reference: Declaration) -> None:
    one = build_payload(reference, "fr")
    every = build_payload(reference)
    print(
        f"\nconsentry.js for the reference declaration: fr only {len(one.script.br)} B brotli "
        f"({len(one.script.gzip)} B gzip, {len(one.js)} B raw); fr+en "
        f"{len(every.script.br)} B brotli; 1 request"
    )
    assert len(one.script.br) <= BUDGET
    assert brotli.decompress(one.script.br) == one.js
    assert config_of(one.js)["version"] == reference.policy_version
    assert list(config_of(every.js)["texts"]) == ["fr", "en"]  # type: ignore[call-overload]
    assert b"__CONSENTRY" not in every.js


def test_the_etag_is_stable_and_follows_the_declaration(reference: Declaration) -> None:
    assert build_payload(reference).etag == build_payload(reference).etag
    changed = reference.model_copy(
        update={"services": [s for s in reference.services if s.id != "x"]}
    )
    assert build_payload(changed).etag != build_payload(reference).etag
    assert re.fullmatch(r'"[0-9a-f]{32}"', build_payload(reference).etag)


def test_texts_hash_is_the_sha256_of_the_texts_shown(reference: Declaration) -> None:
    texts = banner_texts(reference, "fr")
    assert texts["reject_all"] == "Tout refuser"
    assert texts["purpose.audience.title"] == "Mesure d'audience"
    assert texts["service.youtube.provider"] == "Google Ireland Limited"
    canonical = json.dumps(texts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    expected = hashlib.sha256(canonical.encode()).hexdigest()
    assert build_payload(reference).texts_hash == {
        "fr": expected,
        "en": build_payload(reference, "en").texts_hash["en"],
    }


def test_labels_override_strings_and_a_typo_is_an_error() -> None:
    declaration = make_declaration(
        banner={"labels": {"fr": {"reject_all": "Continuer sans accepter"}}}
    )
    assert banner_texts(declaration, "fr")["reject_all"] == "Continuer sans accepter"
    assert "reject_all" in LABEL_KEYS and "save" in LABEL_KEYS
    typo = make_declaration(banner={"labels": {"fr": {"reject_al": "Non"}}})
    with pytest.raises(DeclarationError) as error:
        build_payload(typo)
    assert error.value.problems[0].field == "banner.labels.fr.reject_al"
    assert "reject_all" in error.value.problems[0].hint


def test_an_unknown_language_is_refused(reference: Declaration) -> None:
    with pytest.raises(ValueError, match="not a language of the site"):
        build_payload(reference, "de")


def test_modules_are_joined_in_import_order() -> None:
    script = join_modules()
    assert "import " not in script and "export " not in script
    assert script.index("function createGate") < script.index("function main")
    assert script.index("function h(") < script.index("function buildBanner")
