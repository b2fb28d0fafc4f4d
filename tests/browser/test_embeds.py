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
