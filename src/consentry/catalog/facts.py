"""What the catalog knows about one cookie or storage key: the answer of `lookup_cookie`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Purpose = Literal["necessary", "functional", "audience", "support", "social", "advertising"]
"""Our purpose ids (the built-in categories of a declaration)."""

PURPOSES: tuple[Purpose, ...] = (
    "necessary",
    "functional",
    "audience",
    "support",
    "social",
    "advertising",
)

Source = Literal["catalog", "open-cookie-database"]

OCD_CATEGORIES: dict[str, Purpose] = {
    "Functional": "functional",
    "Personalization": "functional",
    "Analytics": "audience",
    "Marketing": "advertising",
    "Security": "necessary",
    "Necessary": "necessary",
}
"""The Open Cookie Database's categories as our purposes. Its "Functional" is consent-bound here:
the CNIL exempts only what is strictly necessary, so nothing from it is necessary by default."""


@dataclass(frozen=True, slots=True)
class CookieFacts:
    """Known facts about a cookie or storage key, from our catalog or the Open Cookie Database.

    `name` is the catalog's name or pattern (`*` is a wildcard; an Open Cookie Database prefix
    row reads `prefix*`). `lifetime` is a duration in the declaration's syntax ("session",
    "persistent", "13 months") whenever the source gives one we can read, else the source's own
    words. `category` is our purpose id. `provider` is the legal entity (catalog), the data
    controller's name (Open Cookie Database), or "self" for a self-hosted tool.
    `well_known_tracker` marks an advertising or analytics identifier: declaring it necessary
    is an error (R23), and the scanner classifies it as needing consent.
    """

    name: str
    pattern: bool
    platform: str
    service_id: str | None
    category: Purpose
    lifetime: str
    domain: str | None
    description: str
    provider: str | None
    privacy_policy: str | None
    source: Source
    well_known_tracker: bool
