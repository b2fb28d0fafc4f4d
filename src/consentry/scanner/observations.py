"""What the browser saw, as plain values: the boundary between the driver and the verdicts.

The driver (`driver.py`, `observe.py`, `scenarios.py`) fills these in; classification and
findings read only these, so tests can build an observation by hand and need no browser
(STYLE item 6). Every value is JSON-serialisable through `to_dict` and back through
`scan_from_dict`, which is also how the JSON report stores the raw evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final, Literal

ItemKind = Literal["cookie", "localStorage", "sessionStorage", "indexedDB", "cacheStorage"]
Via = Literal["header", "script"]

Phase = Literal["before-choice", "after-choice", "after-withdrawal"]
BEFORE_CHOICE: Final = "before-choice"
AFTER_CHOICE: Final = "after-choice"
AFTER_WITHDRAWAL: Final = "after-withdrawal"
PHASES: Final = (BEFORE_CHOICE, AFTER_CHOICE, AFTER_WITHDRAWAL)
"""The phases in the order a scenario goes through them."""

NO_INTERACTION = "no-interaction"
REFUSE = "refuse"
ACCEPT_ALL = "accept-all"
WITHDRAW = "withdraw"
PURPOSE_PREFIX = "purpose:"


@dataclass(frozen=True)
class Write:
    """A cookie or storage write as it happened: a Set-Cookie line or a script's call.

    `requested_seconds` is the lifetime the site *asked* for (Max-Age or Expires minus the
    time of the write), before Chromium's 400-day cap; None is a session cookie. `blocked`
    holds the browser's reasons when it refused to store the cookie (the attempt still counts
    as the site's act). `deleted` marks a write that removes the item (Max-Age <= 0).
    """

    kind: ItemKind
    name: str
    domain: str
    via: Via
    phase: Phase
    page_url: str
    setter: str
    raw: str
    time: float
    requested_seconds: float | None = None
    deleted: bool = False
    blocked: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredItem:
    """An item found in a snapshot at the end of a step (what the browser actually kept)."""

    kind: ItemKind
    name: str
    domain: str
    phase: Phase
    step: str
    path: str = "/"
    expires: float | None = None
    secure: bool = False
    http_only: bool = False
    same_site: str = ""
    partition_key: str = ""
    frame_url: str = ""


@dataclass(frozen=True)
class RequestSeen:
    """A request the page made, with its type and who initiated it."""

    url: str
    host: str
    resource_type: str
    method: str
    phase: Phase
    page_url: str
    frame_url: str = ""
    initiator: str = ""

    @property
    def is_beacon(self) -> bool:
        """`navigator.sendBeacon` and `<a ping>` show up as type "ping"."""
        return self.resource_type in ("ping", "beacon")


@dataclass(frozen=True)
class ButtonBox:
    """Geometry and style of a banner button, to compare accept with reject (R14)."""

    text: str
    width: float
    height: float
    font_size: str
    font_weight: str
    color: str
    background: str
    border: str
    tag: str


@dataclass(frozen=True)
class BannerSeen:
    """The consent banner as found on the first page of a scenario.

    `kind` is "consentry" (our public DOM contract), "generic" (another CMP found by button
    wording) or "none". A None field means "could not be observed", never "fine".
    """

    kind: Literal["consentry", "generic", "none"]
    accept: ButtonBox | None = None
    reject: ButtonBox | None = None
    reject_in_second_layer: bool = False
    pre_ticked: tuple[str, ...] | None = None
    policy_link: str | None = None
    dialogs: int = 0
    screenshot_png: str = ""


@dataclass
class ScenarioRun:
    """One scenario in one fresh browser profile: its steps and everything observed."""

    name: str
    purpose: str | None = None
    choice_made: bool = False
    steps: list[str] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    stored: list[StoredItem] = field(default_factory=list)
    requests: list[RequestSeen] = field(default_factory=list)
    banner: BannerSeen | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class SiteScan:
    """A whole scan: the pages visited and one run per scenario."""

    url: str
    pages: list[str]
    started_at: str
    browser_version: str = ""
    scenarios: list[ScenarioRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def scenario(self, name: str) -> ScenarioRun | None:
        return next((s for s in self.scenarios if s.name == name), None)


def to_dict(value: SiteScan | ScenarioRun) -> dict[str, Any]:
    """A JSON-ready dict (tuples become lists)."""
    return asdict(value)


def scan_from_dict(data: dict[str, Any]) -> SiteScan:
    """Rebuild a `SiteScan` from `to_dict` output (e.g. a stored JSON report's `observations`)."""
    scenarios = [_scenario(s) for s in data.get("scenarios", [])]
    return SiteScan(
        url=data["url"],
        pages=list(data["pages"]),
        started_at=data["started_at"],
        browser_version=data.get("browser_version", ""),
        scenarios=scenarios,
        notes=list(data.get("notes", [])),
        seconds=data.get("seconds", 0.0),
    )


def _scenario(data: dict[str, Any]) -> ScenarioRun:
    banner = data.get("banner")
    return ScenarioRun(
        name=data["name"],
        purpose=data.get("purpose"),
        choice_made=data.get("choice_made", False),
        steps=list(data.get("steps", [])),
        writes=[Write(**{**w, "blocked": tuple(w.get("blocked", ()))}) for w in data["writes"]],
        stored=[StoredItem(**s) for s in data["stored"]],
        requests=[RequestSeen(**r) for r in data["requests"]],
        banner=_banner(banner) if banner else None,
        notes=list(data.get("notes", [])),
        seconds=data.get("seconds", 0.0),
    )


def _banner(data: dict[str, Any]) -> BannerSeen:
    pre = data.get("pre_ticked")
    return BannerSeen(
        kind=data["kind"],
        accept=ButtonBox(**data["accept"]) if data.get("accept") else None,
        reject=ButtonBox(**data["reject"]) if data.get("reject") else None,
        reject_in_second_layer=data.get("reject_in_second_layer", False),
        pre_ticked=tuple(pre) if pre is not None else None,
        policy_link=data.get("policy_link"),
        dialogs=data.get("dialogs", 0),
        screenshot_png=data.get("screenshot_png", ""),
    )
