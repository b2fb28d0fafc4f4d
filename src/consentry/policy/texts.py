"""The page's words in one language: texts from `strings/<lang>.toml`, and facts put in words.

Strings are data, one file per language, read with `importlib.resources` so a wheel works. The
same file gives the small grammar the page needs (units and their plurals, month names, storage
types, exemption grounds, safeguards, countries), so lifetimes read "13 mois" or "2 years" and
never "13 months (max légal)".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, cast

from consentry.declaration import SUPPORTED_LANGUAGES, Duration


@dataclass(frozen=True)
class Authority:
    """A supervisory authority as the page names it, with its complaint page when known."""

    name: str
    url: str | None


@dataclass(frozen=True)
class Texts:
    """Every text of the page in `lang`; `text("section.key")` returns the raw template string."""

    lang: str
    data: dict[str, Any]

    def text(self, key: str, count: int | None = None) -> str:
        """The string at a dotted key; a missing key is a bug in the strings files (KeyError).

        With a `count` the language calls singular (French: 0 and 1; English: 1), the `KEY_one`
        variant is used when the strings file has one.
        """
        if count is not None and count in self.data["words"]["singular_counts"]:
            try:
                return self.text(f"{key}_one")
            except KeyError:
                pass
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        if not isinstance(node, str):
            raise KeyError(f"{self.lang}: {key} is not a text")
        return node

    def browser_help(self) -> list[tuple[str, str]]:
        """(browser, help page) pairs for the browser-settings section."""
        return [(link["name"], link["url"]) for link in self.data["browser"]["links"]]

    def duration(self, value: Duration) -> str:
        """A lifetime in words: "13 mois", "1 year", "session (…)", "persistant (…)"."""
        if value.is_session:
            return self.text("words.session")
        if value.is_persistent:
            return self.text("words.persistent")
        singular, plural = self.data["words"]["units"][value.unit]
        return f"{value.amount} {singular if value.amount == 1 else plural}"

    def date(self, value: date) -> str:
        """A calendar date in words: "1er octobre 2025", "1 October 2025"."""
        months = self.data["words"]["months"]
        day = months["first_day"] if value.day == 1 else str(value.day)
        return cast(str, months["date"]).format(
            day=day, month=months["names"][value.month - 1], year=value.year
        )

    def country(self, code: str) -> str:
        """A country's name from its ISO 3166 code (the code itself when we have no name)."""
        return cast(str, self.data["words"]["countries"].get(code, code))

    def safeguard(self, key: str) -> str:
        return self.text(f"words.safeguards.{key}")

    def ground(self, key: str) -> str:
        """An exemption ground in words (`necessary` for a necessary service with no ground)."""
        return self.text(f"words.grounds.{key}")

    def storage_type(self, key: str) -> str:
        return self.text(f"words.types.{key}")

    def party(self, key: str) -> str:
        return self.text(f"words.{key}_party")

    def authority(self, name: str) -> Authority:
        """The authority named in `[controller].authority`, in words and with its complaint page."""
        known = self.data.get("authorities", {}).get(name.upper())
        if known is None:
            return Authority(name, None)
        return Authority(known["name"], known["url"])

    def join(self, items: list[str]) -> str:
        """ "A, B et C" / "A, B and C" (plain text: escaping is the renderer's job)."""
        if len(items) <= 1:
            return "".join(items)
        separator = self.text("words.list_separator")
        return f"{separator.join(items[:-1])} {self.text('words.and')} {items[-1]}"


@cache
def texts(lang: str) -> Texts:
    """The texts of one supported language; ValueError names the supported ones otherwise."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"no policy texts for language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    raw = (files("consentry.policy") / "strings" / f"{lang}.toml").read_text(encoding="utf-8")
    return Texts(lang, tomllib.loads(raw))
