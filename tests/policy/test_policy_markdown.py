"""The Markdown page carries the same content as the HTML one; its escaping rules."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from consentry.declaration import Declaration
from consentry.policy import render_policy
from consentry.policy.markdown import escape_markdown, markdown_link
from tests.html_checks import parse_strict, text_of


@pytest.mark.parametrize(
    ("lang", "headings", "date"),
    [
        (
            "fr",
            ["Responsable du traitement", "Bases légales", "Signal Global Privacy Control (GPC)"],
            "1er octobre 2025",
        ),
        ("en", ["Data controller", "Legal bases", "Scope of your choices"], "1 October 2025"),
    ],
)
def test_markdown_has_every_cookie_section_version_and_control(
    reference: Declaration, lang: str, headings: list[str], date: str
) -> None:
    source = render_policy(reference, lang, "markdown")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(source)
    root = parse_strict(f"<!DOCTYPE html><html lang={lang}><body>{html}</body></html>")
    tracker_table = root.findall(".//table")[0]
    names = [text_of(row[0]) for row in tracker_table.findall("./tbody/tr")]
    declared = [c.name for s in reference.services for c in s.cookies]
    assert sorted(names) == sorted([*declared, reference.banner.cookie_name])
    h2 = [text_of(h) for h in root.iter("h2")]
    assert [h.split(".")[0] for h in h2] == [str(n) for n in range(1, 12)]
    h3 = [text_of(h) for h in root.iter("h3")]
    assert set(headings) <= set(h3)
    text = text_of(root)
    assert reference.policy_version in text and date in text
    assert root.find(".//button[@data-consentry-open]") is not None
    assert root.find(".//button[@data-consentry-optout='matomo']") is not None


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("_pk_id.*", "\\_pk\\_id.\\*"),
        ("- item", "\\- item"),
        ("12. item", "12\\. item"),
        ("a | b", "a \\| b"),
        ("line\nbreak", "line break"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("see https://x.test or www.x.test", "see https\\://x.test or www\\.x.test"),
        ("me@x.test", "me\\@x.test"),
        ("[a](b)", "\\[a\\](b)"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_markdown_links_only_to_web_and_mail_addresses() -> None:
    assert markdown_link("https://a.test/x y)", "A") == "[A](https://a.test/x%20y%29)"
    assert markdown_link("mailto:me@a.test", "me@a.test") == "[me\\@a.test](mailto:me@a.test)"
    assert markdown_link("javascript:alert(1)", "A") == "A"
