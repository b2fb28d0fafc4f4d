"""Recorded observations for the scanner's unit tests: no browser needed (STYLE item 6)."""

from __future__ import annotations

from typing import Any

from consentry.catalog import CookieFacts, Purpose
from consentry.declaration import Declaration
from consentry.scanner.knowledge import TrackerHost, tracker_host
from consentry.scanner.observations import (
    AFTER_CHOICE,
    BEFORE_CHOICE,
    BannerSeen,
    ButtonBox,
    Phase,
    RequestSeen,
    ScenarioRun,
    SiteScan,
    StoredItem,
    Write,
)
from tests.factories import make_declaration

T0 = 1_790_000_000.0  # 2026-09-21, a fixed "now" for writes
DAY = 86400.0
MONTH = 365.2425 / 12 * DAY
SITE = "https://www.site.test/"

STATS = {
    "id": "stats",
    "name": "Stats",
    "provider": "Stats SAS",
    "category": "audience",
    "privacy_policy": "https://stats.example/privacy",
    "hosts": ["analytics.tracker.test"],
    "cookies": [
        {"name": "_st_id", "lifetime": "13 months", "purpose": {"fr": "Visiteur", "en": "Visitor"}}
    ],
}
ADS = {
    "id": "ads",
    "name": "Ads",
    "provider": "Ads Inc.",
    "category": "advertising",
    "privacy_policy": "https://ads.example/privacy",
    "hosts": ["ads.tracker.test"],
    "cookies": [
        {
            "name": "ad_id",
            "lifetime": "12 months",
            "party": "third",
            "domain": "ads.tracker.test",
            "purpose": {"fr": "Publicité", "en": "Advertising"},
        }
    ],
}
SESSION = {
    "id": "session",
    "name": "Session",
    "provider": "self",
    "category": "necessary",
    "privacy_policy": "https://www.site.test/privacy",
    "cookies": [
        {"name": "sid", "lifetime": "session", "purpose": {"fr": "Session", "en": "Session"}}
    ],
}


def service(
    service_id: str, category: str, cookie: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """A declared service with one cookie, for `declaration(*extra)`: the site's own unless
    `fields` say otherwise; the cookie's purpose text is filler."""
    return {
        "id": service_id,
        "name": service_id,
        "provider": "self",
        "category": category,
        "privacy_policy": SITE + "p",
        "cookies": [{"purpose": {"fr": "x", "en": "x"}, **cookie}],
        **fields,
    }


def declaration(*extra: dict[str, Any]) -> Declaration:
    """Matomo (exempt) + Stats (audience) + Ads (advertising) + a necessary session cookie."""
    return make_declaration(
        services=[
            {"use": "matomo", "exempt": "audience-measurement"},
            STATS,
            ADS,
            SESSION,
            *extra,
        ]
    )


def _facts(name: str, service_id: str | None, category: Purpose, tracker: bool) -> CookieFacts:
    return CookieFacts(
        name=name,
        pattern=False,
        platform=service_id or "PHP",
        service_id=service_id,
        category=category,
        lifetime="1 year",
        domain=None,
        description="test stub",
        provider="Google" if service_id else None,
        privacy_policy=None,
        source="catalog" if service_id else "open-cookie-database",
        well_known_tracker=tracker,
    )


class StubKnowledge:
    """A tiny cookie database: `_ga` (a well-known tracker) and `PHPSESSID`."""

    def lookup_cookie(self, name: str, domain: str | None = None) -> CookieFacts | None:
        if name == "_ga":
            return _facts("_ga", "google-analytics", "audience", True)
        if name == "PHPSESSID":
            return _facts("PHPSESSID", None, "necessary", False)
        return None

    def lookup_host(self, host: str) -> TrackerHost | None:
        if host.endswith("collector.tracker.test"):
            return TrackerHost("collector.tracker.test", "Collector Corp", "audience")
        return tracker_host(host)


def cookie(
    name: str,
    domain: str = "www.site.test",
    phase: Phase = BEFORE_CHOICE,
    months: float | None = None,
    setter: str = SITE,
    **kw: Any,
) -> Write:
    seconds = None if months is None else months * MONTH
    raw = f"{name}=1" + (f"; Max-Age={int(seconds)}" if seconds else "")
    return Write("cookie", name, domain, "header", phase, SITE, setter, raw, T0, seconds, **kw)


def stored(
    name: str,
    domain: str = "www.site.test",
    phase: Phase = AFTER_CHOICE,
    kind: str = "cookie",
    step: str = "reload",
) -> StoredItem:
    return StoredItem(kind, name, domain, phase, step)  # type: ignore[arg-type]


def request(url: str, phase: Phase = BEFORE_CHOICE, resource_type: str = "script") -> RequestSeen:
    host = url.split("/")[2].split(":", maxsplit=1)[0]
    return RequestSeen(url, host, resource_type, "GET", phase, SITE, SITE, SITE)


BUTTON = ButtonBox(
    "Tout accepter",
    120,
    40,
    "16px",
    "600",
    "rgb(255, 255, 255)",
    "rgb(0, 0, 0)",
    "0px none",
    "button",
)
REJECT = ButtonBox(
    "Tout refuser",
    118,
    40,
    "16px",
    "600",
    "rgb(255, 255, 255)",
    "rgb(0, 0, 0)",
    "0px none",
    "button",
)
CLEAN_BANNER = BannerSeen("consentry", BUTTON, REJECT, False, (), "/policy", 1)


def scan(*runs: ScenarioRun) -> SiteScan:
    return SiteScan(SITE, [SITE], "2026-09-21T00:00:00Z", "test", list(runs))


def run(
    name: str,
    *events: Write | StoredItem | RequestSeen,
    purpose: str | None = None,
    banner: BannerSeen | None = None,
    choice_made: bool = True,
) -> ScenarioRun:
    result = ScenarioRun(name, purpose, choice_made, banner=banner)
    for event in events:
        if isinstance(event, Write):
            result.writes.append(event)
        elif isinstance(event, StoredItem):
            result.stored.append(event)
        else:
            result.requests.append(event)
    return result
