"""Settings → Consentry: who may open it, the nonce, what it saves, and what it refuses."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from consentry.declaration import Declaration
from tests.integrations.consent_server import LoopbackServer
from tests.integrations.wordpress.wordpress_site import ADMIN_PASSWORD, WordPressSite

PAGE = "/wp-admin/options-general.php?page=consentry"


def logged_in(wp: WordPressSite, user: str) -> httpx.Client:
    client = httpx.Client(base_url=wp.url, timeout=60)
    client.get("/wp-login.php")  # sets the test cookie the login form requires
    response = client.post(
        "/wp-login.php",
        data={
            "log": user,
            "pwd": ADMIN_PASSWORD,
            "wp-submit": "Se connecter",
            "redirect_to": f"{wp.url}/wp-admin/",
            "testcookie": "1",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    return client


@pytest.fixture
def admin(wp: WordPressSite, wp_settings: Any) -> Iterator[httpx.Client]:
    client = logged_in(wp, "admin")
    yield client
    client.close()


def form_fields(page: str) -> dict[str, str]:
    """The values a browser would submit from the page's inputs (ticked boxes only)."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        attributes = {
            key: html.unescape(a or b or c)
            for key, a, b, c in re.findall(r'([\w-]+)=(?:"([^"]*)"|\'([^\']*)\'|(\S+))', tag)
        }
        if "name" not in attributes:
            continue
        if attributes.get("type") == "checkbox" and not re.search(r"\schecked", tag):
            continue
        fields[attributes["name"]] = attributes.get("value", "")
    return fields


def test_the_settings_page_shows_the_server_and_its_policy_version(
    admin: httpx.Client, wp_consent_server: LoopbackServer, wp_declaration: Declaration
) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200
    fields = form_fields(page.text)
    assert fields["consentry_settings[server_url]"] == wp_consent_server.url
    assert fields["consentry_settings[auto_block]"] == "1"
    assert fields["option_page"] == "consentry" and fields["_wpnonce"]
    status = page.text.split('id="consentry-status"', 1)[1]
    assert status.count(f"<code>{wp_declaration.policy_version}</code>") == 2
    assert "Google Analytics, YouTube, Vimeo" in status


def test_saving_the_form_changes_the_settings(
    wp: WordPressSite, admin: httpx.Client, wp_consent_server: LoopbackServer
) -> None:
    fields = form_fields(admin.get(PAGE).text)
    del fields["consentry_settings[auto_block]"]  # unticked
    fields["consentry_settings[server_url]"] = wp_consent_server.url + "/"
    response = admin.post("/wp-admin/options.php", data=fields)
    assert response.status_code == 302 and "settings-updated=true" in response.headers["location"]
    saved = form_fields(admin.get(PAGE).text)
    assert saved["consentry_settings[server_url]"] == wp_consent_server.url  # no trailing slash
    assert "consentry_settings[auto_block]" not in saved
    front = httpx.get(wp.about_url, timeout=60).text
    assert re.search(r"<script\b[^>]*\bdefer\b[^>]*consentry\.js", front.replace("'", '"'))


def test_a_form_without_its_nonce_is_refused(
    admin: httpx.Client, wp_consent_server: LoopbackServer
) -> None:
    fields = form_fields(admin.get(PAGE).text)
    fields.pop("_wpnonce")
    fields["consentry_settings[server_url]"] = "https://attacker.example"
    response = admin.post("/wp-admin/options.php", data=fields)
    assert response.status_code == 403
    assert (
        form_fields(admin.get(PAGE).text)["consentry_settings[server_url]"] == wp_consent_server.url
    )


def test_a_value_that_is_not_a_url_is_refused_and_shown_inert(
    admin: httpx.Client, wp_consent_server: LoopbackServer
) -> None:
    fields = form_fields(admin.get(PAGE).text)
    fields["consentry_settings[server_url]"] = '"><script>alert(1)</script>'
    response = admin.post("/wp-admin/options.php", data=fields, follow_redirects=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is not an http(s) URL" in (
        response.text.replace("&#039;", "'")
    )
    assert form_fields(response.text)["consentry_settings[server_url]"] == wp_consent_server.url


def test_a_subscriber_cannot_open_the_settings(wp: WordPressSite) -> None:
    client = logged_in(wp, "abonne")
    response = client.get(PAGE)
    client.close()
    assert response.status_code == 403
    assert "consentry_settings" not in response.text
