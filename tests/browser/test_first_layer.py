"""The first layer: refusal as easy and as visible as acceptance (R12–R16)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser

REFUSAL = re.compile(
    r"refuser|rejeter|continuer sans accepter|je n'accepte (pas|rien)|interdire|ne pas consentir",
    re.I,
)


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_reject_and_accept_are_buttons_side_by_side_in_view(
    visit: Any, size: tuple[int, int]
) -> None:
    v = visit(viewport={"width": size[0], "height": size[1]})
    v.goto("/")
    reject = v.page.get_by_role("button", name="Tout refuser")
    accept = v.page.get_by_role("button", name="Tout accepter")
    expect(reject).to_be_visible()
    assert v.page.evaluate("scrollY") == 0
    for button in (reject, accept):
        assert button.evaluate("b => b.tagName") == "BUTTON"
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= size[0] and box["y"] + box["height"] <= size[1]
    assert reject.evaluate("(b, a) => b.parentElement === a.parentElement", accept.element_handle())
    display = reject.evaluate("b => getComputedStyle(b.parentElement).display")
    assert display in ("flex", "grid")


def test_one_click_refuses_everything_and_one_click_accepts_everything(
    visit: Any, demo: Demo
) -> None:
    purposes = demo.declaration.consent_purposes
    for action, granted, mechanism in (
        ("reject-all", False, "reject_all"),
        ("accept-all", True, "accept_all"),
    ):
        v = visit()
        v.goto("/")
        v.action(action).click()
        expect(v.banner()).to_have_count(0)
        choice = v.page.evaluate("window.consentry.get()")
        assert choice["purposes"] == dict.fromkeys(purposes, granted)
        v.wait_records(1)
        assert v.records[0]["mechanism"] == mechanism
        assert v.records[0]["purposes"] == dict.fromkeys(purposes, granted)


def test_reject_and_accept_are_next_to_each_other_in_tab_order(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("reject-all").focus()
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.dataset.consentryAction") == "accept-all"


def test_accept_and_reject_look_the_same(visit: Any) -> None:
    v = visit()
    v.goto("/")
    styles = [
        v.action(name).evaluate(
            """b => { const s = getComputedStyle(b), r = b.getBoundingClientRect();
            return {font: s.fontFamily, size: s.fontSize, weight: s.fontWeight,
                    bg: s.backgroundColor, color: s.color, border: s.border,
                    w: r.width, h: r.height}; }"""
        )
        for name in ("reject-all", "accept-all", "customize")
    ]
    reject, accept, customize = styles
    for key in ("font", "size", "weight", "bg", "color", "border"):
        assert reject[key] == accept[key] == customize[key], key
    for key in ("w", "h"):
        assert abs(reject[key] - accept[key]) <= 0.1 * max(reject[key], accept[key])


def test_labels_are_unambiguous(visit: Any) -> None:
    v = visit()
    v.goto("/")
    reject = v.action("reject-all").inner_text()
    assert REFUSAL.search(reject) and not re.match(r"^\s*(tout\s+)?accepter", reject, re.I)
    v.action("customize").click()
    save = v.action("save").inner_text()
    assert save == "Enregistrer mes choix"
    assert "accept" not in save.lower()


def test_focus_goes_to_the_dialog_and_enter_grants_nothing(visit: Any) -> None:
    v = visit()
    v.goto("/")
    expect(v.banner()).to_be_focused()
    assert v.banner().get_attribute("role") == "dialog"
    v.page.keyboard.press("Enter")
    expect(v.banner()).to_be_visible()
    assert v.page.evaluate("window.consentry.get()") is None
    assert v.records == []
