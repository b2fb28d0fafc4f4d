"""Render the policy page with Jinja2: HTML (autoescaped) or Markdown (escaped by `finalize`).

Both formats read the same `PolicyView`, so they carry the same content. Templates call
`t(key, **values)` for a sentence of the strings file: the sentence is our own plain text, the
values are escaped for the format unless they are `Markup` built here (a link, a control).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from consentry.declaration import Declaration
from consentry.policy.markdown import escape_markdown, linkable, markdown_link
from consentry.policy.stylesheet import STYLESHEET_PATH, stylesheet_version
from consentry.policy.texts import Texts, texts
from consentry.policy.view import PurposeView, build_view

Format = Literal["html", "markdown"]
SCRIPT_PATH = "/consentry.js"
"""The banner script, served by the same app (banner team); the page works without it."""

_Escape = Callable[[object], Markup]


def _environment(fmt: Format) -> Environment:
    html = fmt == "html"
    return Environment(
        loader=PackageLoader("consentry.policy", "templates"),
        autoescape=html,
        finalize=None if html else escape_markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_ENVIRONMENTS: dict[Format, Environment] = {
    "html": _environment("html"),
    "markdown": _environment("markdown"),
}
_TEMPLATES: dict[Format, str] = {"html": "page.html", "markdown": "page.md"}


def render_policy(declaration: Declaration, lang: str, fmt: Format) -> str:
    """The cookie-policy page for `declaration` in `lang`, as a full HTML5 page or Markdown.

    Raises ValueError for a language the site does not declare or a format other than
    "html" or "markdown" (the CLI and the route check both before calling).
    """
    if fmt not in _TEMPLATES:
        raise ValueError(f"unknown policy format {fmt!r}; use html or markdown")
    if lang not in declaration.site.languages:
        raise ValueError(
            f"the site's languages are {', '.join(declaration.site.languages)}, not {lang!r}"
        )
    words = texts(lang)
    html = fmt == "html"
    escape_value: _Escape = escape if html else escape_markdown
    t = _translator(words, escape_value)

    def conj(items: Iterable[object]) -> Markup:
        """ "A, B et C" with each item escaped (items may be Markup links)."""
        return Markup(words.join([str(escape_value(item)) for item in items]))

    def bases_for(purpose: PurposeView) -> list[Markup]:
        """ "<basis> pour A et B", one per legal basis of a purpose with several."""
        return [
            t("purposes.basis_for", basis=t(f"basis.{group.basis}"), services=conj(group.services))
            for group in purpose.bases
        ]

    template = _ENVIRONMENTS[fmt].get_template(_TEMPLATES[fmt])
    return template.render(
        view=build_view(declaration, lang),
        t=t,
        words=words,
        conj=conj,
        bases_for=bases_for,
        link=_html_link if html else markdown_link,
        code=_html_code if html else escape_markdown,
        stylesheet=f"{STYLESHEET_PATH}?v={stylesheet_version()}",
        script=SCRIPT_PATH,
    )


def _translator(words: Texts, escape_value: _Escape) -> Callable[..., Markup]:
    """`t(key, **values)`: a sentence of the strings file with its values escaped, as Markup."""

    def t(key: str, **values: object) -> Markup:
        count = values.get("count")
        sentence = escape_value(words.text(key, count if isinstance(count, int) else None))
        filled = {name: escape_value(value) for name, value in values.items()}
        return Markup(str(sentence).format(**{k: str(v) for k, v in filled.items()}))

    return t


def _html_link(url: str, label: object) -> Markup:
    """`<a href>` for an http(s) or mailto URL; anything else is printed as text."""
    if not linkable(url):
        return escape(label)
    return Markup('<a href="{}">{}</a>').format(url, label)


def _html_code(text: object) -> Markup:
    return Markup("<code>{}</code>").format(text)
