"""The test pages: one per banner, the same course page with each banner's own markup and config.

`pages/page.html` is the shared page; `pages/<banner>-page.toml` holds what each banner adds
(fragments with `${name}` slots, and the inline config scripts it needs, read from `pages/*.js`).
The inline config is what a site owner writes for that banner, so it counts in its weight.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

PAGES = Path(__file__).resolve().parent / "pages"

# The values the fragments and configs share (fake ids: no request ever leaves 127.0.0.1).
SITE_VARS = {
    "youtube_id": "M7lc1UVf-VE",
    "vimeo_id": "76979871",
    "ga_id": "G-MMLFAKE123",
    "brevo_key": "xkeysib-fake",
    "page_url": "https://www.mastermi-learning.com/cours/excel-finance/",
}
SLOTS = ("head", "youtube", "vimeo", "share", "newsletter", "manage", "end")


@dataclass(frozen=True)
class Page:
    """One rendered test page: its banner's root selector, the HTML, and its inline config."""

    banner: str
    title: str
    selector: str
    html: str
    inline_config: tuple[str, ...]


class PageSpecError(ValueError):
    """A page spec under bench/pages/ is incomplete (names the file and the key)."""


def render_page(banner: str) -> Page:
    """Render `pages/<banner>-page.toml` into the shared page.

    Raises PageSpecError when the spec lacks a slot or a `$name` has no value.
    """
    path = PAGES / f"{banner}-page.toml"
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    values = dict(SITE_VARS) | {k: str(v) for k, v in spec.get("vars", {}).items()}
    inline: dict[str, str] = {}
    for slot, file_name in spec.get("inline", {}).items():
        script = _fill(path, f"inline.{slot}", (PAGES / file_name).read_text("utf-8"), values)
        inline[slot] = script.strip()
    tags = {slot: f"<script>\n{text}\n</script>" for slot, text in inline.items()}
    fragments = spec.get("fragments", {})
    filled = {}
    for slot in SLOTS:
        if slot not in fragments:
            raise PageSpecError(f"{path}: [fragments] has no {slot!r}")
        filled[slot] = _fill(path, f"fragments.{slot}", fragments[slot], values | tags)
    shell = (PAGES / "page.html").read_text(encoding="utf-8")
    html = _fill(PAGES / "page.html", "page", shell, filled)
    return Page(banner, spec["title"], spec["banner"], html, tuple(inline.values()))


def site_assets() -> dict[str, bytes]:
    """The site's own files (not the banner's), by URL path, identical for every page."""
    matomo = (PAGES / "matomo.js").read_bytes()
    return {
        "/site/site.css": (PAGES / "site.css").read_bytes(),
        "/matomo/matomo.js": matomo,
        "/matomo/piwik.js": matomo,  # the name tarteaucitron's Matomo service loads
    }


class _Slots(Template):
    """Only `${name}` is a slot, so JavaScript's `$` (in regexes, say) needs no escaping."""

    # Template compiles a str pattern itself, in __init_subclass__
    pattern = r"\$\{(?P<braced>[a-z_]+)\}(?P<named>(?!))?(?P<escaped>(?!))?(?P<invalid>(?!))?"  # type: ignore[assignment]


def _fill(path: Path, where: str, text: str, values: dict[str, str]) -> str:
    try:
        return _Slots(text).substitute(values)
    except (KeyError, ValueError) as exc:
        raise PageSpecError(f"{path}: {where}: no value for ${exc}") from exc
