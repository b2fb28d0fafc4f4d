"""Every catalog service loads through the declaration loader, complete and consistent."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from consentry.catalog import catalog_file, lookup_host, service_entry, service_ids
from consentry.catalog.corrections import corrections
from consentry.catalog.names import matches_name
from consentry.declaration import Declaration, parse_declaration

HEADER = """\
[site]
name = "Site de test"
url = "https://www.site.test"
languages = ["fr", "en"]
policy_updated = 2025-10-01

[controller]
name = "Éditeur SAS"
email = "contact@site.test"
"""

NINE = ["wordpress", "masterstudy-lms", "matomo", "google-analytics", "youtube", "vimeo", "brevo"]
NINE += ["linkedin", "x"]


def declaration_using(*ids: str) -> Declaration:
    body = "".join(f'\n[[services]]\nuse = "{service_id}"\n' for service_id in ids)
    return parse_declaration(HEADER + body, "test.toml")


def test_the_catalog_holds_the_nine_seed_services_and_more() -> None:
    assert set(NINE) <= set(service_ids())
    assert len(service_ids()) >= len(NINE) + 5


def test_a_declaration_using_every_service_loads_and_validates() -> None:
    declaration = declaration_using(*service_ids())
    assert [s.id for s in declaration.services] == list(service_ids())
    for service in declaration.services:
        assert service.provider != "self"  # self-hosted: replaced by the controller's name
    assert declaration.service("wordpress").provider == "Éditeur SAS"  # type: ignore[union-attr]


@pytest.mark.parametrize("service_id", service_ids())
def test_each_service_is_complete(service_id: str) -> None:
    service = declaration_using(service_id).services[0]
    assert service.name and service.provider and service.privacy_policy.startswith("https://")
    assert service.description is not None and set(service.description) == {"fr", "en"}
    assert service.category in (
        "necessary",
        "functional",
        "audience",
        "support",
        "social",
        "advertising",
    )
    for cookie in service.cookies:
        assert set(cookie.purpose) == {"fr", "en"}, cookie.name
        if cookie.party == "third":
            assert cookie.domain, f"{cookie.name}: a third-party cookie names its domain"
    if service.provider != "Éditeur SAS":  # a third party: it has hosts to block and scan
        assert service.hosts, service_id
    if service.transfers:
        assert all(t.country == "US" for t in service.transfers)


@pytest.mark.parametrize("service_id", service_ids())
def test_each_file_says_where_its_facts_come_from(service_id: str) -> None:
    text = (files("consentry.catalog") / "services" / f"{service_id}.toml").read_text("utf-8")
    header = text.split("\nname = ", 1)[0]
    assert header.startswith("# "), f"{catalog_file(service_id)} has no comment header"
    assert "Source" in header, f"{catalog_file(service_id)} does not name its sources"


def test_service_entry_is_a_fresh_copy_and_unknown_ids_are_none() -> None:
    first = service_entry("youtube")
    assert first is not None
    first["cookies"].clear()
    again = service_entry("youtube")
    assert again is not None and again["cookies"]
    assert service_entry("no-such-service") is None


def test_catalog_patterns_match_like_the_declaration() -> None:
    """The catalog restates Cookie.matches (it may not import the declaration): keep them equal."""
    declaration = declaration_using(*service_ids())
    samples = [
        "_pk_id.1.ab12",
        "_pk_id",
        "wp-settings-time-1",
        "yt-remote-device-id",
        "_ga",
        "_ga_X1",
        "stm_lms_course_buy",
        "comment_author_email_3f",
        "yt.innertube::nextId",
        "_hjSession_42",
        "_gat",
        "_gat_gtag_UA_1",
        "wordpress_sec_",
        "x_pk_id.1",
    ]
    for service in declaration.services:
        for cookie in service.cookies:
            for name in [*samples, cookie.name.replace("*", "abc")]:
                assert cookie.matches(name) == matches_name(cookie.name, name), (cookie.name, name)


def test_reference_changes_to_the_seed_services() -> None:
    """Facts §5.1 of the scanner research says the OCD gets wrong or lacks, as we ship them."""
    declaration = declaration_using(*NINE)
    cookies = {(s.id, c.name, c.type): c for s in declaration.services for c in s.cookies}
    assert str(cookies["vimeo", "vuid", "cookie"].lifetime) == "2 years"
    assert ("brevo", "sib_cuid", "cookie") in cookies
    assert ("wordpress", "wordpress_sec_*", "cookie") in cookies
    assert ("youtube", "yt-remote-*", "localStorage") in cookies
    assert str(cookies["masterstudy-lms", "stm_lms_notauth_cart", "cookie"].lifetime) == "session"
    assert declaration.service("youtube").consent_required  # type: ignore[union-attr]


def test_only_known_hosts_are_shared_between_services() -> None:
    owners: dict[str, set[str]] = {}
    for service_id in service_ids():
        entry = service_entry(service_id) or {}
        for host in entry.get("hosts", []):
            owners.setdefault(host, set()).add(service_id)
    shared = {host: ids for host, ids in owners.items() if len(ids) > 1}
    # gtag.js is served from the Tag Manager host for Analytics too; the first id answers.
    assert shared == {"www.googletagmanager.com": {"google-analytics", "google-tag-manager"}}
    assert lookup_host("www.googletagmanager.com") == "google-analytics"


def test_corrections_map_platforms_to_existing_services() -> None:
    assert set(corrections().platforms.values()) <= set(service_ids())


def test_catalog_files_are_plain_toml_without_an_id_key() -> None:
    """The id is the file name; a stray id would disagree with `use`."""
    for service_id in service_ids():
        text = (files("consentry.catalog") / "services" / f"{service_id}.toml").read_text("utf-8")
        assert "id" not in tomllib.loads(text), service_id
