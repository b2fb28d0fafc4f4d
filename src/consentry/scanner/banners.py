"""Find the consent banner, describe its first layer, and operate it as a visitor would.

Consentry's own banner is driven through the public DOM contract of DESIGN.md (root
`[data-consentry="banner"]`, buttons `[data-consentry-action=…]`, toggles
`input[data-consentry-category=…]`, reopen control `[data-consentry-open]`). Any other CMP is
driven by wording: a visible first-layer button whose text accepts or refuses (FR and EN), as
DuckDuckGo's autoconsent heuristic does. Granular choice and withdrawal need the contract.
"""

from __future__ import annotations

import base64
import math
import re
from contextlib import suppress
from importlib.resources import files
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from consentry.scanner.observations import BannerSeen, ButtonBox

_FIND = (files("consentry.scanner") / "banners.js").read_text(encoding="utf-8")
_ACTION = '[data-consentry-action="{}"]:visible'
_ROOT = '[data-consentry="banner"]'
_CLICK_MS = 10_000  # generous: a loaded 2-core machine is slow, and it is only an upper bound
_SHOT_BOX = """async (root) => {
  await document.fonts.ready;
  for (const a of document.getAnimations()) {
    const timing = a.effect && a.effect.getComputedTiming();
    if (timing && Number.isFinite(timing.endTime)) { try { a.finish(); } catch (e) {} }
  }
  const r = root.getBoundingClientRect();
  const inView = r.width >= 1 && r.height >= 1 && r.left >= 0 && r.top >= 0
    && r.right <= innerWidth && r.bottom <= innerHeight;
  return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, inView};
}"""
"""Ready the banner for its picture as Playwright's `animations="disabled"` does (fonts
loaded, finite animations at their end) and give its box in page coordinates."""


async def find_banner(page: Page, policy_url: str | None, timeout: float) -> BannerSeen:
    """Wait up to `timeout` s for a banner; describe it (with a screenshot) or say none."""
    try:
        handle = await page.wait_for_function(
            _FIND,
            arg={"policyUrl": policy_url or "", "consentryOnly": False},
            timeout=timeout * 1000,
            polling=100,
        )
        data: dict[str, Any] = await handle.json_value()
    except PlaywrightError:
        return BannerSeen("none")
    kind = data["kind"]
    root = page.locator(_ROOT if kind == "consentry" else "[data-consentry-scan-root]").first
    try:
        png = await _screenshot(page, root)
    except PlaywrightError:
        png = ""
    return BannerSeen(
        kind,
        accept=ButtonBox(**data["accept"]) if data.get("accept") else None,
        reject=ButtonBox(**data["reject"]) if data.get("reject") else None,
        policy_link=data.get("policy_link"),
        dialogs=int(data.get("dialogs", 0)),
        screenshot_png=png,
    )


async def _screenshot(page: Page, root: Locator) -> str:
    """The banner as a base64 PNG, captured in one CDP call when it lies within the viewport.

    Playwright's element screenshot costs twice as much (measured on the demo: 112 against
    59 ms of CPU a picture, the same PNG byte for byte): it scrolls, waits for stability and
    evaluates in every frame before and after. A banner partly out of view still goes
    through it, since it scrolls the banner into view first.
    """
    box = await root.evaluate(_SHOT_BOX, timeout=_CLICK_MS)
    if not box["inView"]:
        shot = await root.screenshot(timeout=_CLICK_MS, animations="disabled")
        return base64.b64encode(shot).decode("ascii")
    left, top = math.floor(box["x"]), math.floor(box["y"])
    clip = {
        "x": left,
        "y": top,
        "width": math.ceil(box["x"] + box["width"]) - left,
        "height": math.ceil(box["y"] + box["height"]) - top,
        "scale": 1,
    }
    session = await page.context.new_cdp_session(page)
    try:
        data = await session.send("Page.captureScreenshot", {"format": "png", "clip": clip})
    finally:
        with suppress(PlaywrightError):
            await session.detach()
    return str(data["data"])


async def _click(locator: Locator) -> bool:
    try:
        await locator.first.click(timeout=_CLICK_MS)
    except PlaywrightError:
        return False
    return True


async def _visible(page: Page, selector: str) -> bool:
    try:
        return await page.locator(selector).count() > 0
    except PlaywrightError:
        return False


def _action(name: str) -> str:
    return _ACTION.format(name)


async def choice_value(page: Page, cookie_name: str) -> str | None:
    """The choice cookie's current value, read from the jar (HttpOnly or not)."""
    for cookie in await page.context.cookies(page.url):
        if cookie.get("name") == cookie_name:
            return str(cookie.get("value", ""))
    return None


async def wait_for_choice(page: Page, cookie_name: str, before: str | None) -> bool:
    """True once the choice cookie exists with a new value (bounded: about 10 s).

    Polled in the page (no round trip per poll); the jar is asked once more at the end, for a
    banner that would store its choice in an HttpOnly cookie set by its server.
    """
    try:
        await page.wait_for_function(
            """([name, before]) => {
                const m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
                return m !== null && m[1] !== before;
            }""",
            arg=[re.escape(cookie_name), before],
            polling=50,
            timeout=_CLICK_MS,
        )
        return True
    except PlaywrightError:
        value = await choice_value(page, cookie_name)
        return value is not None and value != before


async def accept_all(page: Page, kind: str) -> bool:
    if kind == "consentry":
        return await _click(page.locator(_action("accept-all")))
    return await _click(page.locator('[data-consentry-scan="accept"]'))


async def reject_all(page: Page, kind: str) -> tuple[bool, bool]:
    """Refuse everything: (done, through the second layer because the first had no reject)."""
    if kind != "consentry":
        return await _click(page.locator('[data-consentry-scan="reject"]:visible')), False
    if await _visible(page, _action("reject-all")):
        return await _click(page.locator(_action("reject-all"))), False
    if not await _click(page.locator(_action("customize"))):
        return False, False
    return await _refuse_in_panel(page), True


async def _refuse_in_panel(page: Page) -> bool:
    """In the preferences: "reject all" when offered, else untick everything and save."""
    try:
        await page.locator(f"{_action('reject-all')}, {_action('save')}").first.wait_for(
            timeout=_CLICK_MS
        )
    except PlaywrightError:
        return False
    if await _visible(page, _action("reject-all")):
        return await _click(page.locator(_action("reject-all")))
    await _set_purposes(page, set())
    return await _click(page.locator(_action("save")))


async def open_preferences(page: Page) -> bool:
    """Open the second layer from the banner ("customize")."""
    if not await _click(page.locator(_action("customize"))):
        return False
    try:
        await page.locator("input[data-consentry-category]").first.wait_for(
            state="attached", timeout=_CLICK_MS
        )
    except PlaywrightError:
        return False
    return True


async def ticked_purposes(page: Page) -> tuple[str, ...]:
    """Purposes whose (enabled) toggle is already on: pre-ticked boxes (R17)."""
    ticked = await page.eval_on_selector_all(
        "input[data-consentry-category]",
        "els => els.filter(e => e.checked && !e.disabled)"
        ".map(e => e.getAttribute('data-consentry-category'))",
    )
    return tuple(str(t) for t in ticked)


async def _set_purposes(page: Page, wanted: set[str]) -> None:
    """Click the enabled toggles that are not as wanted (read in one call, clicked as a user)."""
    toggles = page.locator("input[data-consentry-category]")
    try:
        states = await toggles.evaluate_all(
            "els => els.map(e => [e.dataset.consentryCategory, e.checked, e.disabled])"
        )
    except PlaywrightError:
        return
    for index, (purpose, checked, disabled) in enumerate(states):
        if disabled or bool(checked) == (purpose in wanted):
            continue
        with suppress(PlaywrightError):
            await toggles.nth(index).set_checked(purpose in wanted, timeout=_CLICK_MS, force=True)


async def choose_purpose(page: Page, purpose: str) -> bool:
    """In the open preferences, switch on `purpose` alone and save."""
    await _set_purposes(page, {purpose})
    return await _click(page.locator(_action("save")))


async def withdraw(page: Page) -> bool:
    """Reopen the preferences with the page's own control and refuse everything (R29, R30)."""
    if not await _click(page.locator("[data-consentry-open]:visible")):
        return False
    return await _refuse_in_panel(page)
