"""Gated embeds: a placeholder in the iframe's box until consent, activation recorded (R06),
and no layout shift anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 320])
def test_placeholder_names_the_provider_and_shifts_nothing(visit: Any, width: int) -> None:
    v = visit(viewport={"width": width, "height": 800})
    v.goto("/cours/rgpd-essentiel")
    placeholder = v.page.locator(".cy-embed").filter(has_text="YouTube")
    expect(placeholder).to_be_visible()
    expect(placeholder).to_contain_text("Google Ireland Limited")
    expect(v.page.locator(".cy-embed").filter(has_text="Vimeo")).to_be_visible()
    v.page.wait_for_load_state("networkidle")
    assert not any("youtube" in u or "vimeo" in u for u in v.requests)
    assert v.page.evaluate("window.__shifts") == []
    box = placeholder.bounding_box()
    assert box is not None and box["width"] <= width
    ratio = box["width"] / box["height"]
    assert abs(ratio - 560 / 315) < 0.05


def test_activating_one_embed_loads_it_and_records_the_consent(visit: Any) -> None:
    v = visit()
    v.goto("/cours/rgpd-essentiel")
    placeholder = v.page.locator(".cy-embed").filter(has_text="YouTube")
    before = placeholder.bounding_box()
    with v.page.expect_request("**/embed/rgpd-lecon-1"):
        placeholder.get_by_role("button", name="Activer YouTube").click()
    frame = v.page.locator('iframe[data-consentry-service="youtube"]')
    expect(frame).to_be_visible()
    after = frame.bounding_box()
    assert before and after and abs(before["height"] - after["height"]) < 1
    v.wait_records(1)
    record = v.records[0]
    assert record["mechanism"] == "embed_activation"
    assert record["services"]["youtube"] is True
    assert record["services"]["vimeo"] is False
    # Vimeo stays held, and the banner still asks about everything else.
    expect(v.page.locator(".cy-embed").filter(has_text="Vimeo")).to_be_visible()
    expect(v.banner()).to_be_visible()
    v.page.reload()
    expect(v.page.locator('iframe[data-consentry-service="youtube"]')).to_be_visible()


def test_after_refusing_everything_no_embed_loads(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("reject-all").click()
    v.goto("/cours/rgpd-essentiel")
    expect(v.page.locator(".cy-embed")).to_have_count(2)
    v.page.wait_for_load_state("networkidle")
    assert not any("youtube" in u or "vimeo" in u for u in v.requests)


def test_embeds_and_scripts_added_later_are_gated_in_document_order(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.page.evaluate(
        """() => {
        window.order = [];
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend",
          '<iframe data-consentry-service="vimeo" data-src="about:blank#late" ' +
          'width="320" height="180" title="late"></iframe>');
        for (const n of [1, 2]) {
          const s = document.createElement("script");
          s.type = "text/plain";
          s.dataset.consentryCategory = "functional";
          s.src = "/static/matomo-init.js?" + n;
          s.addEventListener("load", () => {});
          main.append(s);
        }
      }"""
    )
    expect(v.page.locator(".cy-embed").filter(has_text="Vimeo")).to_be_visible()
    with v.page.expect_request("**/static/matomo-init.js?2"):
        v.action("accept-all").click()
    expect(v.page.locator('iframe[title="late"]')).to_have_attribute("src", "about:blank#late")
    late = [u for u in v.requests if "matomo-init.js?" in u]
    assert [u[-1] for u in late] == ["1", "2"]


TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: .12em !important;
    word-spacing: .16em !important; }
p { margin-bottom: 2em !important; }
"""


def add_small_frame(v: Any, width: int, height: int) -> Any:
    """A gated Vimeo iframe of the given size, added to the course page; its placeholder."""
    v.page.evaluate(
        """([w, h]) => {
          const frame = document.createElement("iframe");
          Object.assign(frame, {className: "small", width: w, height: h, title: "small"});
          frame.dataset.consentryService = "vimeo";
          frame.dataset.src = "about:blank#small";
          frame.style.border = "0";  // the box is exactly w x h (CSSOM: allowed by the CSP)
          document.querySelector("main h1").after(frame);
        }""",
        [width, height],
    )
    return v.page.locator(".cy-embed.small")


def button_is_hit(button: Any) -> bool:
    """`elementFromPoint` at the button's centre is the button (visible, not covered)."""
    result: bool = button.evaluate(
        """b => { const r = b.getBoundingClientRect();
                  const x = r.x + r.width / 2, y = r.y + r.height / 2;
                  return document.elementFromPoint(x, y) === b; }"""
    )
    return result


@pytest.mark.parametrize(("width", "height"), [(300, 170), (340, 190)])
def test_a_small_placeholder_keeps_its_box_text_and_button_in_view(
    visit: Any, width: int, height: int
) -> None:
    v = visit(viewport={"width": 800, "height": 800})
    v.goto("/cours/rgpd-essentiel")
    v.action("reject-all").click()  # the banner covers the bottom of the page until then
    placeholder = add_small_frame(v, width, height)
    expect(placeholder).to_be_visible()
    box = placeholder.bounding_box()
    assert box is not None
    assert abs(box["width"] - width) < 1 and abs(box["height"] - height) < 1
    button = placeholder.get_by_role("button", name="Activer Vimeo")
    button.scroll_into_view_if_needed()
    assert button_is_hit(button)
    # Nothing clipped: neither the box nor its paragraph needs scrolling (R66's measure).
    for element in (placeholder, placeholder.locator("p")):
        assert element.evaluate(
            "e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1"
        )
    button.click()
    expect(v.page.locator('iframe[title="small"]')).to_have_attribute("src", "about:blank#small")


def test_with_text_spacing_the_button_stays_usable_and_the_text_scrolls(visit: Any) -> None:
    v = visit(viewport={"width": 800, "height": 800})
    v.goto("/cours/rgpd-essentiel")
    v.action("reject-all").click()
    v.page.evaluate(  # a constructable sheet: the page's CSP refuses a <style> tag
        """css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
                    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""",
        TEXT_SPACING,
    )
    placeholder = add_small_frame(v, 300, 170)
    expect(placeholder).to_be_visible()
    box = placeholder.bounding_box()
    assert box is not None and abs(box["height"] - 170) < 1  # the iframe's box, still
    button = placeholder.get_by_role("button", name="Activer Vimeo")
    button.scroll_into_view_if_needed()
    assert button_is_hit(button)  # kept in view while the text scrolls beneath it
    text = placeholder.locator("p")
    assert placeholder.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    placeholder.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    assert placeholder.evaluate(
        """e => { const p = e.querySelector("p").getBoundingClientRect();
                  const b = e.querySelector("button").getBoundingClientRect();
                  return p.bottom <= b.top + 1; }"""
    ), "scrolled to the end, the whole text shows above the button"
    assert text.evaluate("p => p.scrollWidth <= p.clientWidth + 1")
    assert button_is_hit(button)


def test_gated_script_slots_show_a_placeholder_until_their_service_is_allowed(
    visit: Any,
) -> None:
    v = visit()
    v.goto("/")
    slots = {
        "linkedin": v.page.locator('[data-consentry-placeholder="linkedin"] .cy-slot'),
        "x": v.page.locator('[data-consentry-placeholder="x"] .cy-slot'),
        "brevo": v.page.locator('[data-consentry-placeholder="brevo"] .cy-slot'),
    }
    expect(slots["linkedin"]).to_contain_text("LinkedIn Ireland Unlimited Company")
    expect(slots["x"].get_by_role("button", name="Activer X")).to_be_visible()
    expect(slots["brevo"].get_by_role("button", name="Activer Brevo")).to_be_visible()
    v.action("reject-all").click()
    v.page.reload()
    for slot in slots.values():
        expect(slot).to_be_visible()  # a refusal leaves the placeholder, not an empty gap
    v.page.wait_for_load_state("networkidle")
    assert v.page.evaluate("window.__shifts") == []
    assert not any("linkedin" in u or "twitter" in u or "sibforms" in u for u in v.requests)
    with v.page.expect_request("**/in.js"):
        slots["linkedin"].get_by_role("button", name="Activer LinkedIn").click()
    share = v.page.locator('[data-share="linkedin"]')
    expect(share.get_by_role("link", name="Partager sur LinkedIn")).to_be_visible()
    expect(slots["x"]).to_be_visible()
    v.wait_records(2)
    assert v.records[-1]["mechanism"] == "embed_activation"
    assert v.records[-1]["services"]["linkedin"] is True
    assert v.records[-1]["services"]["x"] is False
    # Withdrawing puts the placeholder back in place of what the script rendered.
    v.page.evaluate("window.consentry.rejectAll()")
    expect(share.get_by_role("link", name="Partager sur LinkedIn")).to_have_count(0)
    expect(slots["linkedin"]).to_be_visible()


def test_an_allowed_form_script_renders_into_its_slot(visit: Any) -> None:
    v = visit()
    v.goto("/")
    with v.page.expect_request("**/forms/embed.js"):
        v.action("accept-all").click()
    form = v.page.locator("[data-brevo-form]")
    expect(form.get_by_role("button", name="S'inscrire")).to_be_visible()
    expect(form.locator(".cy-slot")).to_have_count(0)
