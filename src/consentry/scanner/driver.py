"""Launch Debian's Chromium with a fresh, seeded profile per scenario.

Why a seeded profile: Chromium 156 blocks unpartitioned third-party cookies by default, so a
scan under-reports trackers. A new profile directory whose `Default/Preferences` holds
`{"profile": {"cookie_controls_mode": 0}}` lets them land (scanner research §7.1), and the
contexts opened in that browser inherit the setting (measured here: a SameSite=None cookie of
a third-party pixel is stored in both; without the preference, in neither).
We launch the real binary, never the `/usr/bin/chromium` launcher script, which loads every
installed extension (an ad blocker would hide the very trackers we look for).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Playwright
from playwright.async_api import Error as PlaywrightError

from consentry.errors import BrowserNotFound, ScanError

DEFAULT_BROWSER = "/usr/lib/chromium/chromium"
BASE_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PREFERENCES = {"profile": {"cookie_controls_mode": 0}}


@dataclass(frozen=True)
class BrowserOptions:
    """How to launch the browser: binary, extra Chromium flags, proxy, TLS leniency."""

    executable: str = DEFAULT_BROWSER
    args: tuple[str, ...] = ()
    proxy: str | None = None
    ignore_https_errors: bool = False
    locale: str = "fr-FR"
    timezone: str = "Europe/Paris"
    width: int = 1280
    height: int = 800


def check_browser(options: BrowserOptions) -> None:
    """Raise BrowserNotFound with a fix when the binary is missing."""
    path = Path(options.executable)
    if not path.is_file():
        raise BrowserNotFound(
            f"no Chromium at {options.executable}; install Debian's chromium "
            "(apt-get install chromium) or pass --browser PATH to the binary "
            "(/usr/lib/chromium/chromium, not the /usr/bin/chromium launcher)"
        )


def seed_profile(directory: Path) -> None:
    """Write the preferences that let third-party cookies land (the worst case is measured)."""
    default = directory / "Default"
    default.mkdir(parents=True, exist_ok=True)
    (default / "Preferences").write_text(json.dumps(PREFERENCES), encoding="utf-8")


@asynccontextmanager
async def launch_browser(playwright: Playwright, options: BrowserOptions) -> AsyncIterator[Browser]:
    """One Chromium process on a new seeded profile; removed with everything on exit.

    Scenarios then each get their own `new_context()` in it: incognito-like contexts share
    no cookies, storage or cache with each other, and they inherit the profile's
    `cookie_controls_mode` (measured: third-party cookies land in them too), at a fraction of
    the cost of a browser process per scenario.
    """
    check_browser(options)
    with tempfile.TemporaryDirectory(prefix="consentry-scan-") as tmp:
        profile = Path(tmp)
        seed_profile(profile)
        kwargs: dict[str, Any] = {
            "executable_path": options.executable,
            "headless": True,
            "args": [*BASE_ARGS, *options.args],
        }
        if options.proxy:
            kwargs["proxy"] = {"server": options.proxy}
        try:
            default = await playwright.chromium.launch_persistent_context(str(profile), **kwargs)
        except PlaywrightError as exc:
            raise ScanError(
                f"Chromium ({options.executable}) did not start: {exc.message.splitlines()[0]}"
            ) from exc
        try:
            browser = default.browser
            if browser is None:  # pragma: no cover - Playwright always gives it for Chromium
                raise ScanError("Chromium started without a browser handle; cannot open contexts")
            yield browser
        finally:
            with contextlib.suppress(PlaywrightError):  # already gone: nothing to close
                await default.close()


@asynccontextmanager
async def fresh_context(browser: Browser, options: BrowserOptions) -> AsyncIterator[BrowserContext]:
    """A new, empty context: French locale, Paris time, fixed viewport (one per scenario)."""
    kwargs: dict[str, Any] = {
        "locale": options.locale,
        "timezone_id": options.timezone,
        "viewport": {"width": options.width, "height": options.height},
        "ignore_https_errors": options.ignore_https_errors,
    }
    if options.proxy:
        kwargs["proxy"] = {"server": options.proxy}
    context = await browser.new_context(**kwargs)
    try:
        yield context
    finally:
        with contextlib.suppress(PlaywrightError):
            await context.close()


def browser_version(browser: Browser) -> str:
    """ "Chromium 156.0…" for the report."""
    return f"Chromium {browser.version}"
