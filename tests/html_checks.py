"""Check a page the way a validator and a CSP would: strict HTML5 parsing plus structure rules.

`html5lib` in strict mode raises on every WHATWG parse error (unclosed or misnested elements,
bad attributes, stray end tags). On top of it, `check_page` asserts what a parser accepts but a
user would notice: duplicate ids, in-page links to nowhere, skipped heading levels, a missing
`lang` or `main`, and any inline script, inline style or event-handler attribute, which our
CSP would block.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import html5lib

Element = ET.Element


def parse_strict(html: str) -> Element:
    """The document tree; html5lib.html5parser.ParseError on any HTML5 parse error."""
    parser = html5lib.HTMLParser(
        strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    return parser.parse(html)  # type: ignore[no-any-return]


def check_page(html: str) -> Element:
    """Parse `html` strictly and assert the structure rules above; return the tree."""
    assert html.startswith("<!DOCTYPE html>"), "the page must start with the HTML5 doctype"
    root = parse_strict(html)
    assert root.get("lang"), "<html> has no lang attribute"
    elements = list(root.iter())

    ids = [e.get("id") for e in elements if e.get("id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, f"link to missing id {href}"

    assert len(root.findall(".//main")) == 1, "exactly one <main>"
    headings = [int(e.tag[1]) for e in elements if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings[:1] == [1] and headings.count(1) == 1, "one <h1>, first of all headings"
    for before, after in itertools.pairwise(headings):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"

    for element in elements:
        assert element.tag != "style", "inline <style> element"
        assert "style" not in element.attrib, f"style= attribute on <{element.tag}>"
        handlers = [name for name in element.attrib if name.lower().startswith("on")]
        assert not handlers, f"event-handler attribute {handlers} on <{element.tag}>"
        if element.tag == "script":
            assert element.get("src"), "inline <script> without src"
            assert not (element.text or "").strip(), "<script> with inline code"
    return root


def text_of(element: Element) -> str:
    """All the text inside an element, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def by_id(root: Element, element_id: str) -> Element:
    found = root.find(f".//*[@id='{element_id}']")
    assert found is not None, f"no element with id {element_id!r}"
    return found
