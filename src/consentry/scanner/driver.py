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
import os
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

PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
"""The `--disable-features` list Playwright passes (read from the browser's command line).

Chromium keeps only the *last* `--disable-features` switch, so ours must repeat Playwright's
(without ThirdPartyStoragePartitioning in it, iframe storage would be partitioned and the
observations would change). A browser test checks that ours still covers Playwright's."""

PLAYWRIGHT_ENABLED_FEATURES = ("CDPScreenshotNewSurface", "SkipListAccountsWithoutGaiaCookies")
"""Playwright's `--enable-features` list, repeated when a user passes `--enable-features`."""

SCAN_DISABLED_FEATURES = (
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    "SpareRendererForSitePerProcess",
)
"""Work a scan never uses. Every new context opens a window whose omnibox popups (two WebUI
pages, each in a renderer of its own) are preloaded: on the demo they cost more CPU than the
site's own pages (11 s of 32 s for one page's eight scenarios). And Chromium keeps a spare
renderer process started for the next navigation, which a scan's contexts mostly never use
(one demo page: 19.6 → 18.1 s of CPU, median of two paired runs)."""


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


def keep_compiled_driver() -> None:
    """Let Node keep Playwright's driver compiled between scans (its compile cache).

    The driver is 3.6 MB of JavaScript that Node compiles anew at every start, before the
    browser is even launched: with Node's compile cache a demo scan starts 0.1 to 0.25 s
    sooner (measured here, Node 26). Playwright hands our environment to the driver, so this
    sets `NODE_COMPILE_CACHE` to a directory of the user's cache; a user who set it, or set
    `NODE_DISABLE_COMPILE_CACHE`, keeps their choice.
    """
    if "NODE_COMPILE_CACHE" in os.environ or "NODE_DISABLE_COMPILE_CACHE" in os.environ:
        return
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not os.path.isabs(base):  # no home directory to expand "~" to: no cache
        return
    os.environ["NODE_COMPILE_CACHE"] = os.path.join(base, "consentry", "node-compile-cache")


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


def browser_args(extra: tuple[str, ...]) -> list[str]:
    """Our switches, the user's, and feature lists that merge Playwright's, ours and the user's.

    Chromium keeps only the last `--disable-features` (and `--enable-features`) switch, so a
    user's `--browser-arg=--disable-features=X` must not silently drop the others.
    """
    lists: dict[str, list[str]] = {
        "--disable-features": [*PLAYWRIGHT_DISABLED_FEATURES, *SCAN_DISABLED_FEATURES],
        "--enable-features": [],
    }
    rest = []
    for arg in extra:
        name, _, value = arg.partition("=")
        if name in lists:
            lists[name] += [f for f in value.split(",") if f and f not in lists[name]]
        else:
            rest.append(arg)
    merged = [f"--disable-features={','.join(lists['--disable-features'])}"]
    if lists["--enable-features"]:
        enabled = [*PLAYWRIGHT_ENABLED_FEATURES, *lists["--enable-features"]]
        merged.append(f"--enable-features={','.join(dict.fromkeys(enabled))}")
    return [*BASE_ARGS, *rest, *merged]


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
            "args": browser_args(options.args),
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
