"""The scenarios a visitor can go through, each in its own fresh browser context.

no-interaction: land, scroll, visit the other pages (scrolling and navigating are not consent,
R03) · refuse · accept-all · purpose:<id> for each purpose alone · withdraw (accept, then
reopen the preferences and refuse). Every choice scenario then reloads and visits the other
pages, because a choice must hold there too (R50).

On a one-page scan two pairs share a context when both are planned (`sessions`): the refuse
journey starts with the no-interaction one (land, scroll, then refuse), and the withdraw one
with the accept-all one (accept, reload, then withdraw). Each pair is reported as two
scenarios: the first is the second's journey up to its own choice, cut by phase (a landing
and a context less each: a fifth of the CPU of a demo page's scan).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urldefrag, urlsplit

from playwright.async_api import Browser, Page
from playwright.async_api import Error as PlaywrightError

from consentry.declaration import Declaration
from consentry.errors import SiteUnreachable
from consentry.scanner import banners
from consentry.scanner.driver import BrowserOptions, fresh_context
from consentry.scanner.observations import (
    ACCEPT_ALL,
    AFTER_CHOICE,
    AFTER_WITHDRAWAL,
    NO_INTERACTION,
    PHASES,
    PURPOSE_PREFIX,
    REFUSE,
    WITHDRAW,
    BannerSeen,
    Phase,
    ScenarioRun,
)
from consentry.scanner.observe import SETTLE_LIMIT, Recorder

_LINKS_JS = """(limit) => {
  const here = location.href.split('#')[0];
  const seen = new Set([here]);
  const out = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.hasAttribute('data-consentry-open')) continue;
    const url = new URL(a.getAttribute('href'), location.href);
    url.hash = '';
    if (url.origin !== location.origin || seen.has(url.href)) continue;
    if (/\\.(pdf|zip|jpe?g|png|gif|svg|webp|mp4|mp3|docx?|xlsx?)$/i.test(url.pathname)) continue;
    seen.add(url.href);
    out.push(url.href);
    if (out.length >= limit) break;
  }
  return out;
}"""


@dataclass(frozen=True)
class ScenarioPlan:
    name: str
    purpose: str | None = None
    prefix: str | None = None
    """Also report the journey before this plan's own choice as this scenario (`sessions`)."""


_PAIRS = {REFUSE: (NO_INTERACTION, AFTER_CHOICE), WITHDRAW: (ACCEPT_ALL, AFTER_WITHDRAWAL)}
"""Journey: (the scenario its first part is, the phase that ends that part)."""


@dataclass(frozen=True)
class _Mark:
    """Where a journey's first part ends: steps and notes so far, time, choice made."""

    steps: int
    notes: int
    seconds: float
    choice_made: bool


@dataclass(frozen=True)
class VisitSettings:
    """What every scenario visits and how long it waits."""

    pages: tuple[str, ...]
    max_pages: int
    cookie_name: str
    policy_url: str | None
    banner_timeout: float = 3.0
    load_timeout: float = 20.0


def sessions(plans: list[ScenarioPlan], pages: int) -> list[ScenarioPlan]:
    """The contexts to run for `plans`: on one page, a pair planned together is one journey.

    With more pages a joined journey visits them all twice in a row, and becomes the scan's
    longest: the demo's five pages took 18.4 s so, against 15.1 s as separate contexts.
    """
    if pages > 1:
        return plans
    names = {p.name for p in plans}
    folded = {first for name, (first, _) in _PAIRS.items() if name in names and first in names}
    return [
        replace(p, prefix=_PAIRS[p.name][0])
        if p.name in _PAIRS and _PAIRS[p.name][0] in folded
        else p
        for p in plans
        if p.name not in folded
    ]


def plan_scenarios(declaration: Declaration) -> list[ScenarioPlan]:
    """No interaction, refuse, accept all, each purpose alone, accept then withdraw."""
    return [
        ScenarioPlan(NO_INTERACTION),
        ScenarioPlan(REFUSE),
        ScenarioPlan(ACCEPT_ALL),
        *(ScenarioPlan(PURPOSE_PREFIX + p, p) for p in declaration.consent_purposes),
        ScenarioPlan(WITHDRAW),
    ]


class _Visit:
    """One scenario in progress: the page, its recorder, and the steps taken."""

    def __init__(self, page: Page, recorder: Recorder, run: ScenarioRun, settings: VisitSettings):
        self.page, self.recorder, self.run, self.settings = page, recorder, run, settings
        self.started = time.monotonic()
        self.mark: _Mark | None = None

    def end_first_part(self) -> None:
        """Remember where the journey's first part ends (its scenario is cut there)."""
        run = self.run
        seconds = time.monotonic() - self.started
        self.mark = _Mark(len(run.steps), len(run.notes), seconds, run.choice_made)

    async def go(self, url: str, step: str) -> bool:
        """Load `url` and settle; False (with a note) when it did not load."""
        if not await self.load(url):
            return False
        await self.step(step)
        return True

    async def load(self, url: str, *, landing: bool = False) -> bool:
        """Navigate to `url` up to its load event; the landing page must load."""
        self.recorder.page_url = url
        try:
            await self.page.goto(url, wait_until="load", timeout=self.settings.load_timeout * 1000)
        except PlaywrightError as exc:
            message = exc.message.splitlines()[0]
            if landing:
                raise SiteUnreachable(f"{url} did not load: {message}") from exc
            self.run.notes.append(f"not observed: {url} did not load ({message})")
            return False
        return True

    async def land(self) -> BannerSeen:
        """Load the first page and settle, looking for the banner meanwhile.

        The banner is looked for from the load event on, and given `banner_timeout` more once
        the page has settled: the usual banner costs no wait of its own, and one that shows
        late is found as before.
        """
        settings = self.settings
        await self.load(settings.pages[0], landing=True)
        finding = asyncio.ensure_future(
            banners.find_banner(
                self.page, settings.policy_url, SETTLE_LIMIT + settings.banner_timeout
            )
        )
        try:
            await self.step("landing page")
            done, _ = await asyncio.wait({finding}, timeout=settings.banner_timeout)
            return finding.result() if done else BannerSeen("none")
        finally:
            finding.cancel()

    async def step(self, step: str) -> None:
        """Let the page settle, then snapshot what the browser keeps."""
        self.recorder.page_url = self.page.url
        await self.recorder.settle(self.page)
        await self.recorder.snapshot(self.page.context, step)
        self.run.steps.append(step)

    async def scroll(self) -> None:
        """A real wheel scroll to the bottom (lazy embeds load; scrolling is not consent)."""
        try:
            await self.page.mouse.move(self.settings_width() / 2, 300)
            height = await self.page.evaluate("document.documentElement.scrollHeight")
            await self.page.mouse.wheel(0, float(height))
        except PlaywrightError:
            self.run.notes.append(f"{self.page.url}: could not scroll")

    def settings_width(self) -> float:
        size = self.page.viewport_size
        return float(size["width"]) if size else 800.0

    async def other_pages(self) -> list[str]:
        """The given pages after the first, then internal links of the landing page."""
        given = [urldefrag(u)[0] for u in self.settings.pages[1 : self.settings.max_pages]]
        wanted = self.settings.max_pages - 1 - len(given)
        if wanted > 0:
            try:
                found = await self.page.evaluate(_LINKS_JS, wanted + len(given) + 1)
            except PlaywrightError:
                found = []
            landing = urldefrag(self.settings.pages[0])[0]
            extra = [u for u in found if u not in given and u != landing][:wanted]
            if len(extra) < wanted:
                self.run.notes.append(
                    f"only {1 + len(given) + len(extra)} page(s) found to visit "
                    f"({self.settings.max_pages} asked)"
                )
            given += extra
        return given


async def run_scenario(
    browser: Browser,
    plan: ScenarioPlan,
    settings: VisitSettings,
    options: BrowserOptions,
) -> list[ScenarioRun]:
    """Run one journey in a fresh, empty context of `browser`: its scenario, and its prefix's."""
    run = ScenarioRun(plan.name, plan.purpose)
    async with fresh_context(browser, options) as context:
        recorder = Recorder()
        await recorder.attach(context)
        page = await context.new_page()
        visit = _Visit(page, recorder, run, settings)
        try:
            await _play(visit, plan)
        finally:
            await recorder.drain()
            recorder.finish()
            run.writes, run.requests, run.stored = (
                recorder.writes,
                recorder.requests,
                recorder.stored,
            )
            extra = [n for n in recorder.notes if n not in run.notes]
            run.notes += extra
            run.seconds = time.monotonic() - visit.started
    if plan.prefix is None:
        return [run]
    return [_first_part(run, plan, visit.mark, extra), run]


def _first_part(
    run: ScenarioRun, plan: ScenarioPlan, mark: _Mark | None, general: list[str]
) -> ScenarioRun:
    """The journey before `plan`'s own choice, as the scenario `plan.prefix`.

    Without a mark the journey stopped before its choice (no banner, a click that failed):
    all of it is the first part, as it would have been on its own.
    """
    name, ends = _PAIRS[plan.name]
    cut = PHASES.index(ends)

    def before(phase: Phase) -> bool:
        return PHASES.index(phase) < cut

    steps, notes = (len(run.steps), len(run.notes)) if mark is None else (mark.steps, mark.notes)
    return ScenarioRun(
        name,
        None,
        choice_made=run.choice_made if mark is None else mark.choice_made,
        steps=run.steps[:steps],
        writes=[w for w in run.writes if before(w.phase)],
        stored=[s for s in run.stored if before(s.phase)],
        requests=[q for q in run.requests if before(q.phase)],
        banner=run.banner,
        notes=[*run.notes[:notes], *(n for n in general if n not in run.notes[:notes])],
        seconds=run.seconds if mark is None else mark.seconds,
    )


async def _play(visit: _Visit, plan: ScenarioPlan) -> None:
    run, page = visit.run, visit.page
    run.banner = await visit.land()
    others = await visit.other_pages()
    if NO_INTERACTION in (plan.name, plan.prefix):
        await _browse(visit, others)
        if plan.name == NO_INTERACTION:
            return
        visit.end_first_part()
    kind = run.banner.kind
    if kind == "none":
        run.notes.append("skipped: no consent banner was found")
        return
    if not await _choose(visit, plan, kind):
        return
    run.choice_made = True
    await visit.step(f"after choice ({ACCEPT_ALL if plan.name == WITHDRAW else plan.name})")
    if plan.name == WITHDRAW:
        if plan.prefix == ACCEPT_ALL:
            await _revisit(visit, others)
            visit.end_first_part()
        visit.recorder.phase = AFTER_WITHDRAWAL  # from the click on: nothing may follow
        if not await banners.withdraw(page):
            run.choice_made = False
            run.notes.append(
                "not observed: withdrawal (no visible [data-consentry-open] control, or no "
                "reject-all/save in the reopened preferences)"
            )
            return
        await visit.step("after withdrawal")
    await _revisit(visit, others)


async def _browse(visit: _Visit, others: list[str]) -> None:
    """Scroll the landing page, then visit and scroll each other page (no choice made)."""
    await visit.scroll()
    await visit.step("scroll to the bottom")
    for url in others:
        if await visit.go(url, f"navigate to {urlsplit(url).path or '/'}"):
            await visit.scroll()
            await visit.step(f"scroll {urlsplit(url).path or '/'}")


async def _revisit(visit: _Visit, others: list[str]) -> None:
    """Reload the landing page, where the choice was made, then visit the other pages."""
    settings, run, page = visit.settings, visit.run, visit.page
    try:
        await page.reload(wait_until="load", timeout=settings.load_timeout * 1000)
        await visit.step("reload")
    except PlaywrightError as exc:
        run.notes.append(f"not observed: reload failed ({exc.message.splitlines()[0]})")
    for url in others:
        await visit.go(url, f"navigate to {urlsplit(url).path or '/'}")


async def _choose(visit: _Visit, plan: ScenarioPlan, kind: str) -> bool:
    """Make the scenario's choice; False (with a note saying why) when it cannot be made."""
    page, run, cookie = visit.page, visit.run, visit.settings.cookie_name
    before = await banners.choice_value(page, cookie)
    # The click is the choice: whatever the page does from then on belongs after it.
    visit.recorder.phase = AFTER_CHOICE
    if plan.name == REFUSE:
        done, second_layer = await banners.reject_all(page, kind)
        if second_layer and run.banner is not None:
            run.banner = _with(run.banner, reject_in_second_layer=True)
        what = "refuse (no reject control found)"
    elif plan.purpose is not None:
        if kind != "consentry":
            run.notes.append(
                "not observed: a choice per purpose needs Consentry's DOM contract "
                "(input[data-consentry-category]); this banner is another CMP's"
            )
            return False
        done = await banners.open_preferences(page)
        if done and run.banner is not None:
            run.banner = _with(run.banner, pre_ticked=await banners.ticked_purposes(page))
        done = done and await banners.choose_purpose(page, plan.purpose)
        what = f"choose only {plan.purpose}"
    else:
        done = await banners.accept_all(page, kind)
        what = "accept all"
        if plan.name == WITHDRAW and kind != "consentry":
            run.notes.append(
                "not observed: withdrawal needs Consentry's [data-consentry-open] control"
            )
            return False
    if done and kind == "consentry":
        done = await banners.wait_for_choice(page, cookie, before)
    if not done:
        run.notes.append(f"not observed: could not {what} on the banner")
    return done


def _with(banner: BannerSeen, **changes: Any) -> BannerSeen:
    return replace(banner, **changes)
