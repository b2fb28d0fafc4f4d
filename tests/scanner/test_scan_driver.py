"""The scanner's Chromium command line (Playwright's feature switches kept, ours added), and
the compile cache its Playwright driver gets.

Chromium keeps only the last `--disable-features` switch, so the scanner's own list must
repeat Playwright's; these tests read the command line the browser actually got.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from consentry.scanner.driver import (
    PLAYWRIGHT_DISABLED_FEATURES,
    SCAN_DISABLED_FEATURES,
    BrowserOptions,
    browser_args,
    keep_compiled_driver,
    launch_browser,
)


def features(args: list[str], switch: str) -> list[list[str]]:
    """Each value of `switch` on a command line, split into its feature names."""
    prefix = switch + "="
    return [a.removeprefix(prefix).split(",") for a in args if a.startswith(prefix)]


def test_a_users_feature_switches_are_merged_into_ours() -> None:
    args = browser_args(("--disable-features=Foo,Bar", "--lang=fr", "--enable-features=Baz"))
    assert "--lang=fr" in args
    [disabled] = features(args, "--disable-features")
    assert {*PLAYWRIGHT_DISABLED_FEATURES, *SCAN_DISABLED_FEATURES, "Foo", "Bar"} == set(disabled)
    [enabled] = features(args, "--enable-features")
    assert "Baz" in enabled and "CDPScreenshotNewSurface" in enabled


async def command_line(browser: Browser) -> list[str]:
    session = await browser.new_browser_cdp_session()
    reply = await session.send("Browser.getBrowserCommandLine")
    arguments: list[str] = reply["arguments"]
    return arguments


@pytest.mark.browser
def test_the_browser_keeps_playwrights_disabled_features_and_ours(chromium: str) -> None:
    async def both() -> tuple[list[str], list[str]]:
        async with async_playwright() as playwright:
            plain = await playwright.chromium.launch(
                executable_path=chromium, args=["--enable-automation"]
            )
            theirs = await command_line(plain)
            await plain.close()
            options = BrowserOptions(executable=chromium, args=("--enable-automation",))
            async with launch_browser(playwright, options) as browser:
                ours = await command_line(browser)
        return theirs, ours

    # A thread of its own: another module's sync Playwright may hold this thread's loop.
    with ThreadPoolExecutor(1) as pool:
        theirs, ours = pool.submit(lambda: asyncio.run(both())).result()
    # Playwright passes one list; the browser keeps the last list it is given.
    playwright_list = features(theirs, "--disable-features")[-1]
    kept = features(ours, "--disable-features")[-1]
    assert set(playwright_list) <= set(PLAYWRIGHT_DISABLED_FEATURES), (
        "Playwright disables features the scanner's list does not repeat: update "
        "PLAYWRIGHT_DISABLED_FEATURES in consentry/scanner/driver.py"
    )
    assert set(playwright_list) | set(SCAN_DISABLED_FEATURES) <= set(kept)


def test_node_keeps_the_driver_compiled_in_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NODE_COMPILE_CACHE", raising=False)
    monkeypatch.delenv("NODE_DISABLE_COMPILE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    keep_compiled_driver()
    assert os.environ["NODE_COMPILE_CACHE"] == str(tmp_path / "consentry" / "node-compile-cache")


def test_a_users_own_node_cache_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NODE_COMPILE_CACHE", "/srv/cache/node")
    keep_compiled_driver()
    assert os.environ["NODE_COMPILE_CACHE"] == "/srv/cache/node"
    monkeypatch.delenv("NODE_COMPILE_CACHE")
    monkeypatch.setenv("NODE_DISABLE_COMPILE_CACHE", "1")
    keep_compiled_driver()
    assert "NODE_COMPILE_CACHE" not in os.environ
