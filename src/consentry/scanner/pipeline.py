"""Run a whole scan: every scenario (contexts of one browser, at once), DNS, then the findings.

This is the scanner's one I/O entry point (`scan_site`); everything after the browser is the
pure `check_scan`. The CNAME resolver is injectable so tests use a stub (R53), and progress
is reported through a callback so the CLI can draw a bar without the scanner knowing of it.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from playwright.async_api import async_playwright

from consentry import __version__
from consentry.declaration import Declaration
from consentry.scanner.checks import check_scan, cname_candidates
from consentry.scanner.classify import registrable_domain
from consentry.scanner.driver import (
    BrowserOptions,
    browser_version,
    check_browser,
    keep_compiled_driver,
    launch_browser,
)
from consentry.scanner.findings import Finding, sort_findings
from consentry.scanner.knowledge import Knowledge, data_versions, default_knowledge
from consentry.scanner.observations import NO_INTERACTION, WITHDRAW, ScenarioRun, SiteScan
from consentry.scanner.scenarios import (
    ScenarioPlan,
    VisitSettings,
    plan_scenarios,
    run_scenario,
    sessions,
)

Resolver = Callable[[str], str | None]
Progress = Callable[[str, int, int], None]


def system_cname(host: str) -> str | None:
    """The canonical name the system resolver gives for `host`, when it is an alias."""
    try:
        canonical, _aliases, _ips = socket.gethostbyname_ex(host)
    except OSError:
        return None
    canonical = canonical.lower().rstrip(".")
    return canonical if canonical and canonical != host.lower() else None


DEFAULT_PARALLEL = 8
"""Scenarios at once. Each spends much of its time waiting for the network to settle, so
on 2 cores 8 at once beat 3 (demo, 1 page: 9.9 s against 12.2–12.7 s, same observations)."""


@dataclass(frozen=True)
class ScanRequest:
    """What to scan and how."""

    pages: tuple[str, ...]
    max_pages: int = 2
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    parallel: int = DEFAULT_PARALLEL
    banner_timeout: float = 3.0


@dataclass
class ScanResult:
    """The observations, the findings, and what the reports are stamped with."""

    scan: SiteScan
    findings: list[Finding]
    cnames: dict[str, str]
    stamp: dict[str, str]
    declaration: Declaration


def scan_site(
    request: ScanRequest,
    declaration: Declaration,
    *,
    knowledge: Knowledge | None = None,
    resolver: Resolver = system_cname,
    progress: Progress | None = None,
    plans: list[ScenarioPlan] | None = None,
) -> ScanResult:
    """Scan a site through every scenario; raise ScanError when the browser or site fails."""
    check_browser(request.browser)

    def run() -> ScanResult:
        return asyncio.run(
            _scan(
                request,
                declaration,
                knowledge or default_knowledge(),
                resolver=resolver,
                progress=progress,
                plans=plans,
            )
        )

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    # Called from code that already runs an event loop in this thread (Playwright's sync API,
    # a notebook): asyncio.run() is refused there, so the scan gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="consentry-scan") as pool:
        return pool.submit(run).result()


async def _scan(
    request: ScanRequest,
    declaration: Declaration,
    knowledge: Knowledge,
    *,
    resolver: Resolver,
    progress: Progress | None,
    plans: list[ScenarioPlan] | None,
) -> ScanResult:
    started = time.monotonic()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    plans = plans or plan_scenarios(declaration)
    settings = VisitSettings(
        pages=request.pages,
        max_pages=max(request.max_pages, 1),
        cookie_name=declaration.banner.cookie_name,
        policy_url=declaration.banner.policy_url or "/policy",
        banner_timeout=request.banner_timeout,
    )
    gate = asyncio.Semaphore(max(1, request.parallel))
    done = 0
    warming = asyncio.create_task(asyncio.to_thread(_warm, knowledge))
    keep_compiled_driver()

    async with (
        async_playwright() as playwright,
        launch_browser(playwright, request.browser) as browser,
    ):
        version = browser_version(browser)

        async def one(plan: ScenarioPlan) -> list[ScenarioRun]:
            nonlocal done
            async with gate:
                runs = await run_scenario(browser, plan, settings, request.browser)
            for run in runs:
                done += 1
                if progress is not None:
                    progress(run.name, done, len(plans))
            return runs

        journeys = await asyncio.gather(
            *(one(p) for p in longest_first(sessions(plans, settings.max_pages)))
        )
    order = [p.name for p in plans]
    runs = sorted((r for journey in journeys for r in journey), key=lambda r: order.index(r.name))

    scan = SiteScan(
        url=request.pages[0],
        pages=list(request.pages),
        started_at=started_at,
        browser_version=version,
        scenarios=_keep(runs),
    )
    if len(scan.scenarios) == 1 and len(runs) > 1:
        scan.notes.append("No consent banner was found: only the no-interaction scenario was kept.")
    candidates = cname_candidates(scan, declaration)
    answers = await asyncio.gather(*(asyncio.to_thread(resolver, h) for h in candidates))
    cnames = {h: a for h, a in zip(candidates, answers, strict=True) if a}
    await warming
    scan.seconds = time.monotonic() - started
    findings = sort_findings(check_scan(scan, declaration, knowledge, cnames))
    stamp = {
        "tool": f"consentry {__version__}",
        "browser": scan.browser_version,
        "scanned_at": started_at,
        **data_versions(),
    }
    return ScanResult(scan, findings, cnames, stamp, declaration)


def longest_first(journeys: list[ScenarioPlan]) -> list[ScenarioPlan]:
    """The journeys in the order to start them: the longest first.

    The scan lasts as long as its longest journey, the withdrawal (three page loads and five
    steps when joined to accept-all, four steps alone), then the other joined one: started
    first, they get the browser first, and with fewer slots than journeys (`parallel`) the
    short ones fill the gaps at the end instead of a long one starting last.
    """
    return sorted(journeys, key=lambda plan: (plan.name != WITHDRAW, plan.prefix is None))


def _warm(knowledge: Knowledge) -> None:
    """Load the public suffix list, catalog and tracker tables while the browser starts.

    The checks would otherwise load them only after the last scenario (a quarter of a second
    of a demo scan's wall time, with a core to spare during the launch).
    """
    registrable_domain("www.example.com")
    knowledge.lookup_host("www.example.com")
    knowledge.lookup_cookie("_ga", "example.com")


def _keep(runs: list[ScenarioRun]) -> list[ScenarioRun]:
    """Without a banner only the no-interaction scenario means anything (issue 5 item 2)."""
    first = next((r for r in runs if r.name == NO_INTERACTION), None)
    if first is not None and first.banner is not None and first.banner.kind == "none":
        return [first]
    return runs
