"""The site configuration inlined into consentry.js: the declaration, reduced to what the
browser needs (purposes, services, what to delete on refusal, texts, lifetime, version).

Pure: a `Declaration` in, a JSON-ready dict out. Its shape is the `Config` typedef of
`js/main.js`.
"""

from __future__ import annotations

from typing import Any

from consentry.banner.texts import banner_texts, purpose_texts, texts_hash, ui_strings
from consentry.declaration import NECESSARY, Cookie, Declaration, Duration, Service

_STORAGE_PREFIX = {"cookie": "", "localStorage": "L:", "sessionStorage": "S:"}


def service_kind(service: Service) -> int:
    """0: needs no consent and cannot be objected to; 1: needs consent; 2: exempt, objectable.

    Kind 2 is an exempt service outside the necessary purpose, such as Matomo in CNIL
    audience-measurement mode: it runs without consent, and the visitor may object (R42).
    """
    if service.consent_required:
        return 1
    if service.exempt is not None and service.category != NECESSARY:
        return 2
    return 0


def erase_list(service: Service) -> list[str]:
    """First-party cookies and storage keys to delete when the service is refused (R31).

    Third-party cookies are out of a page's reach; a cookie with its own exemption ground
    (such as Matomo's opt-out marker) records a choice and must survive.
    """
    return [
        _STORAGE_PREFIX[cookie.type] + cookie.name
        for cookie in service.cookies
        if _erasable(cookie)
    ]


def _erasable(cookie: Cookie) -> bool:
    return cookie.party == "first" and cookie.exempt is None and cookie.type in _STORAGE_PREFIX


def lifetime(duration: Duration) -> list[int]:
    """[calendar months, seconds]: months when declared in months or years, else seconds."""
    if duration.unit in ("months", "years"):
        return [duration.amount * (12 if duration.unit == "years" else 1), 0]
    return [0, int(duration.total_seconds())]


def _service(service: Service, auto_block: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": service.id,
        "purpose": service.category,
        "kind": service_kind(service),
        "name": service.name,
        "provider": service.provider,
        "privacy": service.privacy_policy,
    }
    if entry["kind"]:
        entry["erase"] = erase_list(service)
        if auto_block:  # what automatic blocking holds back until the service is allowed
            entry["hosts"] = service.hosts
    return entry


def language_texts(declaration: Declaration, lang: str) -> dict[str, Any]:
    """Strings, site name, purpose texts and `hash` (the record's `texts_hash`) for `lang`.

    Strings this site can never show are left out (the × of `close_button`, the objection to
    an exempt service); `hash` still covers every text of `banner_texts`.
    """
    strings = ui_strings(declaration, lang)
    unused = set()
    if not declaration.banner.close_button:
        unused |= {"close", "close_notice"}
    if not any(service_kind(s) == 2 for s in declaration.services):
        unused |= {"exempt", "optout"}
    return {
        **{key: text for key, text in strings.items() if key not in unused},
        "site": declaration.site.name,
        "hash": texts_hash(banner_texts(declaration, lang)),
        "purposes": {key: list(pair) for key, pair in purpose_texts(declaration, lang).items()},
    }


def site_config(
    declaration: Declaration, languages: list[str], auto_block: bool | None = None
) -> dict[str, Any]:
    """The `CONFIG` object for a script that can show `languages`.

    With automatic blocking (`auto_block`, by default `[banner].auto_block`), each service
    that can be refused carries its declared hosts, which the blocking module holds back.

    Only the first language's texts are inlined: it is the fallback, and the one most pages
    use. The banner fetches another one's texts (`GET /consentry-texts.json?lang=`) when the
    page's `<html lang>` asks for it, so a page in the first language needs one request.
    """
    blocking = declaration.banner.auto_block if auto_block is None else auto_block
    return {
        "version": declaration.policy_version,
        "cookie": declaration.banner.cookie_name,
        "lifetime": lifetime(declaration.site.consent_lifetime),
        "policy": declaration.banner.policy_url,
        "gcm": any(s.consent_mode for s in declaration.services),
        "close": declaration.banner.close_button,
        "float": declaration.banner.floating_button,
        "purposes": declaration.purposes_in_use,
        "asked": declaration.consent_purposes,
        "services": [_service(s, blocking) for s in declaration.services],
        "lang": languages[0],
        "langs": languages,
        "texts": {languages[0]: language_texts(declaration, languages[0])},
    }
