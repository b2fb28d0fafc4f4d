"""The texts the banner shows, per language: its own strings, the site's labels, the purposes.

The strings live as data in `strings/<lang>.json`; a declaration may override any of them
with `[banner].labels.<lang>.<key>` (the rules check those against R15). `banner_texts` is
exactly what a visitor is shown, so the ledger archives it per policy version and the
`texts_hash` in each consent record proves which texts were on screen (R34).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib.resources import files

from consentry.declaration import Declaration
from consentry.errors import DeclarationError, Problem


@cache
def default_strings(lang: str) -> dict[str, str]:
    """The built-in strings of one language (`strings/<lang>.json`)."""
    resource = files("consentry.banner") / "strings" / f"{lang}.json"
    data: dict[str, str] = json.loads(resource.read_text(encoding="utf-8"))
    return data


LABEL_KEYS: tuple[str, ...] = tuple(default_strings("fr"))
"""Every string key a declaration may override in `[banner].labels.<lang>`."""


def ui_strings(declaration: Declaration, lang: str) -> dict[str, str]:
    """The banner's strings in `lang`, with the declaration's label overrides applied.

    Raises DeclarationError naming `banner.labels.<lang>.<key>` for an unknown key or an
    empty label, so a typo cannot silently leave the default in place.
    """
    strings = dict(default_strings(lang))
    overrides = declaration.banner.labels.get(lang, {})  # type: ignore[call-overload]
    problems = []
    for key, value in overrides.items():
        field = f"banner.labels.{lang}.{key}"
        if key not in strings:
            problems.append(
                Problem(
                    declaration.source_file,
                    None,
                    None,
                    field,
                    f'unknown label "{key}"',
                    "known labels: " + ", ".join(LABEL_KEYS),
                )
            )
        elif not value.strip():
            problems.append(
                Problem(declaration.source_file, None, None, field, "the label is empty")
            )
        else:
            strings[key] = value
    if problems:
        raise DeclarationError(f"{declaration.source_file}: invalid banner labels", problems)
    return strings


def _localized(text: dict[str, str], lang: str, fallback: str) -> str:
    return text.get(lang) or text.get(fallback) or next(iter(text.values()))


def purpose_texts(declaration: Declaration, lang: str) -> dict[str, tuple[str, str]]:
    """Title and description of every purpose in use, in `lang`."""
    fallback = declaration.site.default_language
    return {
        key: (
            _localized(declaration.categories[key].title, lang, fallback),
            _localized(declaration.categories[key].description, lang, fallback),
        )
        for key in declaration.purposes_in_use
    }


def banner_texts(declaration: Declaration, lang: str) -> dict[str, str]:
    """Every text the banner can show in `lang`, flat, for the ledger's archive.

    Keys: the string keys of `strings/<lang>.json` (overrides applied), `site`,
    `purpose.<id>.title|description`, `service.<id>.name|provider|privacy_policy`.
    """
    texts = dict(ui_strings(declaration, lang))
    texts["site"] = declaration.site.name
    for key, (title, description) in purpose_texts(declaration, lang).items():
        texts[f"purpose.{key}.title"] = title
        texts[f"purpose.{key}.description"] = description
    for service in declaration.services:
        texts[f"service.{service.id}.name"] = service.name
        texts[f"service.{service.id}.provider"] = service.provider
        texts[f"service.{service.id}.privacy_policy"] = service.privacy_policy
    return texts


def texts_hash(texts: dict[str, str]) -> str:
    """SHA-256 (hex) of the texts as canonical JSON: sorted keys, no spaces, UTF-8.

    Computed here, not in the browser: `crypto.subtle` does not exist on plain-http sites.
    """
    canonical = json.dumps(texts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
