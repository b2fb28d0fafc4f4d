"""Benchmark Consentry's banner against tarteaucitron, Klaro and CookieConsent (issue 3).

    .venv/bin/python bench/banner.py [--loads N] [--profile desktop|mobile|both]

Installs the peers with npm into bench/.cache, builds one test page per banner (the same
course page, each banner configured as its docs show, in French), serves them from a local
server on 127.0.0.1 with brotli/gzip, and drives Debian's Chromium with Playwright. Any request
to another host is refused by the browser's resolver and recorded. Prints weights, time to a
visible banner and layout shift, each as a ratio to Consentry's from the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import peers
import report
from assets import Asset, compress, write_site
from consentry_assets import REFERENCE, ConsentryUnavailable, consentry_assets, script, texts
from pages import Page, render_page, site_assets
from playwright.async_api import async_playwright
from timing import PROFILES, Load, measure_profile
from weights import Weight, banner_weight

from consentry.scanner.driver import BASE_ARGS, DEFAULT_BROWSER

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CONSENTRY_CHROMIUM", DEFAULT_BROWSER)
CHROMIUM_ARGS = [
    *BASE_ARGS,
    # every host but the loopback address fails to resolve: no third party is ever contacted
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
BANNERS = {
    "consentry": "Consentry",
    "tarteaucitron": "tarteaucitron 1.34.0",
    "tarteaucitron-trimmed": "tarteaucitron 1.34.0 trimmed",
    "klaro": "Klaro 0.7.22",
    "vcc": "CookieConsent 3.1.0",
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def build(work: Path, banners: list[str]) -> tuple[dict[str, Asset], dict[str, Page], str | None]:
    """Write the site folder: assets by URL, pages by banner, and why Consentry is absent."""
    assets: dict[str, Asset] = {}
    for url, raw in site_assets().items():
        assets[url] = compress(url, raw)
    for peer_file in peers.peer_files(work):
        assets[peer_file.url] = compress(peer_file.url, peer_file.source.read_bytes())
    missing = None
    if "consentry" in banners:
        try:
            assets |= consentry_assets(REFERENCE)
        except ConsentryUnavailable as exc:
            missing = str(exc)
            banners.remove("consentry")
    pages = {banner: render_page(banner) for banner in banners}
    for banner, page in pages.items():
        assets[f"/{banner}/"] = compress(f"/{banner}/", page.html.encode("utf-8"))
    write_site(work / "site", assets)
    return assets, pages, missing


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Run static_server.py on `root` in its own process; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, str(HERE / "static_server.py"), str(root)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 15)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            raise RuntimeError(f"the static server did not start (said {line!r})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


async def measure(
    base: str, pages: dict[str, Page], profiles: list[str], loads: int
) -> tuple[str, dict[str, dict[str, list[Load]]]]:
    targets = [(banner, page.selector) for banner, page in pages.items()]
    results = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for name in profiles:
                log(f"{name}: {loads} loads per banner, round-robin, after one warm-up load")
                results[name] = await measure_profile(
                    browser, base, targets, PROFILES[name], loads=loads, progress=log
                )
            version = browser.version
        finally:
            await browser.close()
    return version, results


def render(
    version: str, loads: int, weights: list[Weight], results: report.Results, seconds: float
) -> str:
    """The whole printed report."""
    declaration = REFERENCE.relative_to(HERE.parent)
    return "\n".join(
        [
            f"Consentry banner benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"  Chromium {version} (headless, Playwright), {os.cpu_count()} CPUs,"
            f" {platform.platform()}",
            f"  {loads} loads per banner and profile; declaration {declaration};"
            f" run time {seconds:,.0f} s; load average at the end"
            f" {' '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)",
            "",
            *report.weight_table(weights, BANNERS),
            "",
            *report.timing_table(results, BANNERS),
            "",
            *report.third_party_lines(results, BANNERS),
            "",
            *report.target_lines(weights, results, BANNERS),
        ]
    )


def save(weights: list[Weight], results: dict[str, dict[str, list[Load]]]) -> Path:
    """Write every load's figures as JSON under bench/.cache/results/; returns the file."""
    out = peers.CACHE / "results" / f"banner-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = {p: {b: [asdict(x) for x in ls] for b, ls in by.items()} for p, by in results.items()}
    data = {"weights": [asdict(w) for w in weights], "results": raw}
    out.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--loads", type=int, default=8, help="measured loads per banner and profile (default 8)"
    )
    parser.add_argument("--profile", choices=["desktop", "mobile", "both"], default="both")
    parser.add_argument(
        "--banners", default=",".join(BANNERS), help="comma-separated, among: " + ", ".join(BANNERS)
    )
    args = parser.parse_args(argv)
    args.banners = [b.strip() for b in args.banners.split(",") if b.strip()]
    unknown = [b for b in args.banners if b not in BANNERS]
    if unknown or not args.banners:
        parser.error(f"--banners: unknown {unknown}; known: {', '.join(BANNERS)}")
    if not 1 <= args.loads <= 200:
        parser.error(f"--loads must be between 1 and 200, not {args.loads}")
    if not Path(CHROMIUM).exists():
        parser.error(f"no Chromium at {CHROMIUM} (Debian's chromium; or set CONSENTRY_CHROMIUM)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    profiles = ["desktop", "mobile"] if args.profile == "both" else [args.profile]
    started = time.monotonic()
    log("installing the peers with npm into bench/.cache (once)")
    try:
        peers.ensure_installed()
    except peers.PeerSetupError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    work = peers.CACHE / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    assets, pages, missing = build(work, args.banners)
    if missing:
        log(f"Consentry skipped: {missing}")
    with static_server(work / "site") as base:
        version, results = asyncio.run(measure(base, pages, profiles, args.loads))
    weights = [
        banner_weight(
            banner,
            [x for by in results.values() for x in by[banner]],
            assets,
            page.inline_config,
        )
        for banner, page in pages.items()
    ]
    print(render(version, args.loads, weights, results, time.monotonic() - started))
    if missing:
        print(f"  (Consentry not measured: {missing})")
    elif "consentry" in pages:
        bare, english = script(lang=None), texts(lang="en")
        blocking = script(lang=None, auto_block=True)
        print(
            f"  Note: the test page loads /consentry.js?lang=fr (French inlined, as the demo does);"
            f" /consentry.js inlines the default language (fr) too: {len(bare.raw):,} raw,"
            f" {len(bare.gzip):,} gzip, {len(bare.brotli):,} brotli bytes, and a page in English"
            f" adds /consentry-texts.json?lang=en ({len(english.brotli):,} brotli bytes);"
            f" /consentry.js?auto_block=1 (automatic blocking) is {len(blocking.brotli):,}"
            f" brotli bytes."
        )
    log(f"every load's figures: {save(weights, results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
