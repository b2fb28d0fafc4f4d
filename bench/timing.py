"""Time to a visible banner and layout shift, one fresh browser context per load.

Each load: a new context (no cookies, no cache), the profile's CDP throttling, the probe of
`probe.js` injected before any page script, navigation, then a wait for the banner (bounded:
a banner that never shows is a recorded failure) and 1.5 s more for late shifts.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Browser, Error, Request, Response

PROBE = (Path(__file__).resolve().parent / "probe.js").read_text(encoding="utf-8")
SETTLE_MS = 1500  # shifts counted until load (and the banner) + 1.5 s
VISIBLE_TIMEOUT_S = 20.0
NAVIGATION_TIMEOUT_MS = 30000


@dataclass(frozen=True)
class Profile:
    """A device profile: viewport and the CDP throttling applied to each page."""

    name: str
    width: int
    height: int
    cpu_slowdown: float
    network: dict[str, float | bool] | None


PROFILES = {
    "desktop": Profile("desktop", 1280, 800, 1, None),
    # client-anchors.md's mobile profile, close to Lighthouse's: 4x CPU, 150 ms, 1.6/0.75 Mbit/s
    "mobile": Profile(
        "mobile",
        412,
        823,
        4,
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1.6e6 / 8,
            "uploadThroughput": 750e3 / 8,
        },
    ),
}


@dataclass
class Load:
    """What one page load showed."""

    banner: str
    profile: str
    visible_ms: float | None = None
    fcp_ms: float | None = None
    load_ms: float | None = None
    cls: float = 0.0
    shifts: list[dict[str, object]] = field(default_factory=list)
    script_ms: float | None = None  # main-thread JavaScript time of the whole load (CDP)
    # same-origin paths requested, with the Content-Encoding they came with
    requests: list[tuple[str, str]] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.visible_ms is None


async def measure_load(
    browser: Browser, base: str, banner: str, selector: str, profile: Profile
) -> Load:
    """Load `base/<banner>/` once in a fresh context and measure it (never raises for the page)."""
    result = Load(banner, profile.name)
    context = await browser.new_context(
        viewport={"width": profile.width, "height": profile.height}, locale="fr-FR"
    )
    try:
        page = await context.new_page()
        origin = urlsplit(base).netloc
        pending: dict[Request, str] = {}

        def on_request(request: Request) -> None:
            url = urlsplit(request.url)
            if url.scheme in ("data", "blob", "about"):
                return
            if url.netloc != origin:
                result.third_party.append(request.url)
            else:
                pending[request] = url.path

        def on_response(response: Response) -> None:
            path = pending.pop(response.request, None)
            if path is not None:
                encoding = response.headers.get("content-encoding", "identity")
                result.requests.append((path, encoding))
                if response.status >= 400:
                    result.errors.append(f"{path}: HTTP {response.status}")

        page.on("request", on_request)
        page.on("response", on_response)
        page.on("pageerror", lambda exc: result.errors.append(f"page error: {exc}"))
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        if profile.network is not None:
            await cdp.send("Network.enable")
            await cdp.send("Network.emulateNetworkConditions", profile.network)
        if profile.cpu_slowdown > 1:
            await cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
        await page.add_init_script(f"window.__benchBanner = {json.dumps(selector)};\n{PROBE}")
        await page.goto(f"{base}/{banner}/", wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
        try:
            shown = await asyncio.wait_for(page.evaluate("window.__benchReady"), VISIBLE_TIMEOUT_S)
        except TimeoutError:
            shown = False
        if not shown:
            result.errors.append(f"banner {selector} not visible within the time limit")
        await page.wait_for_timeout(SETTLE_MS)
        metrics = await page.evaluate(
            """() => { const M = window.__bench;
                const nav = performance.getEntriesByType('navigation')[0];
                const windows = M.sessions.concat(M.current ? [M.current] : []);
                return {visible: M.visible, fcp: M.fcp, load: nav ? nav.loadEventStart : null,
                        cls: windows.length ? Math.max(...windows) : 0,
                        shifts: M.shifts.slice(0, 8)}; }"""
        )
        result.visible_ms = metrics["visible"]
        result.fcp_ms = metrics["fcp"]
        result.load_ms = metrics["load"]
        result.cls = float(metrics["cls"])
        result.shifts = metrics["shifts"]
        counters = (await cdp.send("Performance.getMetrics"))["metrics"]
        script = next((m["value"] for m in counters if m["name"] == "ScriptDuration"), None)
        result.script_ms = None if script is None else float(script) * 1000
    except Error as exc:
        result.errors.append(f"browser: {exc.message.splitlines()[0]}")
        result.visible_ms = None
    finally:
        await context.close()
    return result


async def measure_profile(
    browser: Browser,
    base: str,
    targets: Sequence[tuple[str, str]],
    profile: Profile,
    *,
    loads: int,
    progress: Callable[[str], None],
) -> dict[str, list[Load]]:
    """`loads` measured loads per (banner, selector), round-robin, after one discarded warm-up.

    Round-robin spreads the machine's drift (other processes, thermal) over every banner alike.
    The warm-up load (of the first banner) takes the browser's first-navigation costs.
    """
    await measure_load(browser, base, targets[0][0], targets[0][1], profile)
    results: dict[str, list[Load]] = {banner: [] for banner, _ in targets}
    for index in range(loads):
        for banner, selector in targets:
            results[banner].append(await measure_load(browser, base, banner, selector, profile))
        progress(f"{profile.name}: round {index + 1}/{loads} done")
    return results
