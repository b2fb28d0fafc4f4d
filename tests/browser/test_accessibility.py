"""axe-core finds nothing on the first layer, the preferences and the placeholders, at 1280
and 320 CSS px; the banner reflows without horizontal scrolling (R61–R69)."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page: Any) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violation(visit: Any, width: int) -> None:
    v = visit(viewport={"width": width, "height": 640})
    v.goto("/cours/rgpd-essentiel")
    expect(v.banner()).to_be_visible()
    expect(v.page.locator(".cy-embed")).to_have_count(2)
    assert v.banner().get_attribute("lang") == "fr"
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width
    assert v.banner().evaluate("b => b.scrollWidth <= b.clientWidth")
    assert violations(v.page) == []  # first layer and placeholders
    v.action("customize").click()
    expect(v.prefs()).to_be_visible()
    assert v.prefs().get_attribute("aria-modal") in (None, "true")  # a modal <dialog>
    assert violations(v.page) == []  # second layer
    for _ in range(30):  # focus stays inside the modal
        v.page.keyboard.press("Tab")
        assert v.prefs().evaluate("d => d.contains(document.activeElement)")


def test_keyboard_alone_completes_a_custom_choice(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").focus()
    v.page.keyboard.press("Enter")
    expect(v.prefs()).to_be_visible()
    box = v.page.locator('input[data-consentry-category="social"]')
    box.focus()
    v.page.keyboard.press("Space")
    v.action("save").focus()
    v.page.keyboard.press("Enter")
    v.wait_records(1)
    assert v.records[0]["purposes"]["social"] is True
    assert v.records[0]["purposes"]["audience"] is False
