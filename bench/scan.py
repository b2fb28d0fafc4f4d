"""Benchmark: wall time of a full scan (every scenario) of one page and of five pages.

Prints each figure as a ratio against a baseline measured in the same run: a bare page load
with the same browser (start Chromium, open a context, load the page, close). By default the
target is the compliant fixture site of the tests, served on loopback; `--demo` scans the
demo site (`consentry demo`) served in-process; `--url`
(with `--config` and `--browser-arg`) points it at any other site.

    .venv/bin/python bench/scan.py [--demo] [--repeat 3] [--parallel 8] [--sweep]

Target (issue 5): all scenarios of one page under 5 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import uvicorn
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scanner.fixture_sites import resolver_rules, serve  # noqa: E402

from consentry.cli.demo import build_demo  # noqa: E402
from consentry.declaration import Declaration, load_declaration  # noqa: E402
from consentry.demo import SITE_HOST, demo_declaration  # noqa: E402
from consentry.scanner.driver import (  # noqa: E402
    DEFAULT_BROWSER,
    BrowserOptions,
    fresh_context,
    keep_compiled_driver,
    launch_browser,
)
from consentry.scanner.pipeline import ScanRequest, ScanResult, scan_site  # noqa: E402


@contextmanager
def serve_demo() -> Iterator[tuple[str, Declaration]]:
    """The demo site (`consentry demo`) on a free loopback port.

    The socket is bound here and handed to uvicorn, so no other process can take the port
    between choosing it and serving on it (the demo's host names carry the port).
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(build_demo(port), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit(f"the demo site did not start on port {port} within 10 s")
        time.sleep(0.05)
    try:
        yield f"http://{SITE_HOST}:{port}/", demo_declaration(port)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def bare_load(url: str, options: BrowserOptions) -> float:
    """Seconds to start Chromium, open a context, load `url` to its load event, and close."""

    async def run() -> float:
        keep_compiled_driver()  # as a scan does, so the ratio compares like with like
        start = time.perf_counter()
        async with (
            async_playwright() as playwright,
            launch_browser(playwright, options) as browser,
            fresh_context(browser, options) as context,
        ):
            page = await context.new_page()
            await page.goto(url, wait_until="load")
        return time.perf_counter() - start

    return asyncio.run(run())


def full_scan(
    url: str, declaration: Declaration, options: BrowserOptions, pages: int, parallel: int
) -> tuple[float, ScanResult]:
    start = time.perf_counter()
    result = scan_site(
        ScanRequest((url,), max_pages=pages, browser=options, parallel=parallel),
        declaration,
        resolver=lambda host: None,
    )
    return time.perf_counter() - start, result


def best(repeat: int, measure: Callable[[], float]) -> tuple[float, float]:
    """Median and minimum of `repeat` runs."""
    times = [measure() for _ in range(repeat)]
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--sweep", action="store_true", help="also try 1, 2, 4 and 7 at once")
    parser.add_argument("--demo", action="store_true", help="scan `consentry demo`")
    parser.add_argument("--url")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--browser", default=DEFAULT_BROWSER)
    parser.add_argument("--browser-arg", action="append", default=[])
    args = parser.parse_args()

    site: AbstractContextManager[object]
    if args.demo:
        site = serve_demo()
    elif args.url:
        site = nullcontext()
    else:
        site = serve("compliant")
    with site as fixture:
        if args.demo:
            url, declaration = fixture  # type: ignore[misc]
            options = BrowserOptions(args.browser, tuple(args.browser_arg))
        elif args.url:
            url = args.url
            declaration = load_declaration(args.config or "consentry.toml")
            options = BrowserOptions(args.browser, tuple(args.browser_arg))
        else:
            url = fixture.url  # type: ignore[attr-defined]
            declaration = fixture.declaration()  # type: ignore[attr-defined]
            options = BrowserOptions(args.browser, (resolver_rules(),), ignore_https_errors=True)

        baseline, base_min = best(args.repeat, lambda: bare_load(url, options))
        print(
            f"baseline: bare page load {baseline:.2f} s "
            f"(median of {args.repeat}; min {base_min:.2f})"
        )
        print(f"{'scan':<28}{'median s':>9}{'min s':>8}{'× baseline':>12}")
        for pages in (1, 5):
            for parallel in sorted({args.parallel, *((1, 2, 3, 4) if args.sweep else ())}):
                results: list[ScanResult] = []

                def measure(
                    pages: int = pages, parallel: int = parallel, into: list[ScanResult] = results
                ) -> float:
                    seconds, result = full_scan(url, declaration, options, pages, parallel)
                    into.append(result)
                    return seconds

                median, low = best(args.repeat, measure)
                label = f"{pages} page(s), {parallel} at once"
                print(f"{label:<28}{median:>9.2f}{low:>8.2f}{median / baseline:>12.1f}")
                last = results[-1]
                split = ", ".join(f"{s.name} {s.seconds:.2f}" for s in last.scan.scenarios)
                print(f"    per scenario (s, last run, overlapping): {split}")
                errors = [f for f in last.findings if f.severity == "error"]
                if errors:
                    print(f"    note: {len(errors)} error finding(s) on the benchmarked site")


if __name__ == "__main__":
    main()
