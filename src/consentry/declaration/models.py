"""The declaration as validated, frozen pydantic models.

A `Declaration` is what a site promises: who it is, which purposes it pursues, which services
serve them, which cookies and storage keys those services write, and how the banner and the
server behave. Catalog services are merged in before validation (see `loader.py`), so the models
only ever hold complete, resolved services.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Final, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    field_validator,
)

from consentry.declaration.durations import Duration, DurationError, parse_duration

Language = Literal["fr", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = ("fr", "en")

ExemptionGround = Literal[
    "consent-choice",
    "authentication",
    "session",
    "security",
    "cart",
    "ui-preference",
    "load-balancing",
    "paywall",
    "audience-measurement",
]
"""Grounds on which a tracker needs no consent (LIL art. 82, CNIL-LD art. 5; requirement R23)."""

AUDIENCE_MEASUREMENT: Final[ExemptionGround] = "audience-measurement"
"""The one ground with conditions of its own (CNIL-LD art. 5): the visitor may still object."""

LegalBasis = Literal["consent", "exemption", "legitimate_interest", "contract", "legal_obligation"]
StorageType = Literal["cookie", "localStorage", "sessionStorage", "indexedDB"]
Safeguard = Literal["adequacy", "dpf", "scc", "bcr", "none"]
Mechanism = Literal[
    "accept_all", "reject_all", "custom", "embed_activation", "close_as_refusal", "gpc", "withdraw"
]

NECESSARY = "necessary"
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,47}$")
_COOKIE_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_HOST = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def _parse_duration_field(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None


DurationField = Annotated[
    Duration, BeforeValidator(_parse_duration_field), PlainSerializer(str, return_type=str)
]


def _check_text(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        raise ValueError('write the text once per language, such as { fr = "…", en = "…" }')
    if not isinstance(value, dict):
        raise ValueError('expected a table of texts per language, such as { fr = "…", en = "…" }')
    for lang, text in value.items():
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; supported: fr, en")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"the {lang} text must be a non-empty string")
    return dict(value)


LocalizedText = Annotated[dict[str, str], BeforeValidator(_check_text)]
"""A text per language code: {"fr": "…", "en": "…"}."""


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


class Model(BaseModel):
    """Base of every declaration model: frozen, and unknown keys are errors, not defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Site(Model):
    name: str = Field(min_length=1)
    url: str
    languages: list[Language] = Field(
        default_factory=lambda: list(SUPPORTED_LANGUAGES), min_length=1
    )
    consent_lifetime: DurationField = Field(default_factory=lambda: Duration(6, "months"))
    policy_updated: date
    first_party_domains: list[str] = Field(default_factory=list)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("languages")
    @classmethod
    def _unique(cls, value: list[Language]) -> list[Language]:
        if len(set(value)) != len(value):
            raise ValueError("each language may appear once")
        return value

    @field_validator("consent_lifetime")
    @classmethod
    def _timed(cls, value: Duration) -> Duration:
        if value.is_session or value.is_persistent:
            raise ValueError('the choice must be kept for a fixed time, such as "6 months"')
        return value

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def default_language(self) -> Language:
        return self.languages[0]


class Controller(Model):
    name: str = Field(min_length=1)
    email: str
    authority: str = "CNIL"
    address: str | None = None
    dpo: str | None = None
    phone: str | None = None

    @field_validator("email", "dpo")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value


class Category(Model):
    """A purpose the visitor can accept or refuse (the banner calls them purposes)."""

    title: LocalizedText
    description: LocalizedText


class Transfer(Model):
    """A transfer of data outside the EU/EEA and the safeguard it rests on (GDPR art. 44–49)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    safeguard: Safeguard


class Cookie(Model):
    """A cookie or storage key a service writes; `name` may end with `*` or hold `*` patterns."""

    name: str = Field(min_length=1, max_length=200)
    type: StorageType = "cookie"
    lifetime: DurationField
    party: Literal["first", "third"] = "first"
    domain: str | None = None
    purpose: LocalizedText
    exempt: ExemptionGround | None = None
    legal_basis: LegalBasis | None = None

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name

    def matches(self, name: str) -> bool:
        """True when an observed name is this cookie (patterns use `*` as a wildcard)."""
        if not self.is_pattern:
            return name == self.name
        regex = "^" + ".*".join(re.escape(part) for part in self.name.split("*")) + "$"
        return re.match(regex, name) is not None


class Service(Model):
    """A third-party or first-party tool the site uses, with everything it writes."""

    id: str
    use: str | None = None
    name: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    category: str
    privacy_policy: str
    description: LocalizedText | None = None
    hosts: list[str] = Field(default_factory=list)
    cookies: list[Cookie] = Field(default_factory=list)
    exempt: ExemptionGround | None = None
    justification: LocalizedText | None = None
    legal_basis: LegalBasis | None = None
    transfers: list[Transfer] = Field(default_factory=list)
    data_retention: DurationField | None = None
    consent_mode: bool = False
    user_id: bool = False
    ip_truncation: int = Field(default=0, ge=0, le=16)
    integrations: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(
                f"{value!r} is not a service id; use lower-case letters, digits and dashes"
            )
        return value

    @field_validator("privacy_policy")
    @classmethod
    def _url(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not _HOST.match(host):
                raise ValueError(
                    f"{host!r} is not a host name; write it without scheme or path, "
                    'such as "www.youtube.com" or "*.youtube.com"'
                )
        return value

    @property
    def consent_required(self) -> bool:
        """False for necessary services and for services that claim an exemption ground."""
        return self.category != NECESSARY and self.exempt is None

    def cookie_exempt(self, cookie: Cookie) -> ExemptionGround | None:
        """The exemption ground that covers this cookie, if any (its own, else the service's)."""
        return cookie.exempt or self.exempt


class Banner(Model):
    cookie_name: str = "cookie_consent"
    close_button: bool = False
    auto_block: bool = False
    floating_button: bool = True
    policy_url: str | None = None
    labels: dict[Language, dict[str, str]] = Field(default_factory=dict)

    @field_validator("cookie_name")
    @classmethod
    def _cookie_name(cls, value: str) -> str:
        if not _COOKIE_NAME.match(value):
            raise ValueError(
                f"{value!r} cannot be a cookie name; use letters, digits, '-' or '_' "
                '(the CNIL suggests "eu-consent")'
            )
        return value

    @field_validator("policy_url")
    @classmethod
    def _policy_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            _check_url(value)
        return value


class Server(Model):
    allowed_origins: list[str] | None = None
    rate_limit: int = Field(default=600, gt=0, le=1_000_000)
    ip: Literal["none", "truncated"] = "none"

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: list[str] | None) -> list[str] | None:
        for origin in value or []:
            parts = urlsplit(origin)
            if (
                parts.scheme not in ("http", "https")
                or not parts.netloc
                or parts.path
                not in (
                    "",
                    "/",
                )
            ):
                raise ValueError(
                    f"{origin!r} is not an origin; write scheme and host only, "
                    'such as "https://www.example.com"'
                )
        return value


class Ledger(Model):
    retention: DurationField = Field(default_factory=lambda: Duration(5, "years"))


_CACHED = ("policy_version", "_services_by_id")
"""Cached properties of a Declaration that a copy (which may differ) computes again."""


class Declaration(Model):
    """Everything a site declares; the single source of the banner, policy, ledger and scan."""

    site: Site
    controller: Controller
    categories: dict[str, Category]
    services: list[Service] = Field(default_factory=list)
    banner: Banner = Field(default_factory=Banner)
    server: Server = Field(default_factory=Server)
    ledger: Ledger = Field(default_factory=Ledger)

    _source_file: str = PrivateAttr(default="consentry.toml")
    _source_text: str = PrivateAttr(default="")

    @property
    def source_file(self) -> str:
        """The file this declaration was read from (for messages)."""
        return self._source_file

    @property
    def source_text(self) -> str:
        """The text it was read from, so later checks can name lines."""
        return self._source_text

    @field_validator("categories")
    @classmethod
    def _category_ids(cls, value: dict[str, Category]) -> dict[str, Category]:
        for key in value:
            if not _SLUG.match(key):
                raise ValueError(
                    f"{key!r} is not a category id; use lower-case letters, digits and dashes"
                )
        return value

    @property
    def allowed_origins(self) -> list[str]:
        return self.server.allowed_origins or [self.site.origin]

    def service(self, service_id: str) -> Service | None:
        return self._services_by_id.get(service_id)

    @cached_property
    def _services_by_id(self) -> dict[str, Service]:
        """An index: the web layer looks services up once per service and per tag it holds."""
        return {s.id: s for s in reversed(self.services)}  # the first of a duplicated id wins

    def services_of(self, category: str) -> list[Service]:
        return [s for s in self.services if s.category == category]

    @property
    def purposes_in_use(self) -> list[str]:
        """Category ids that at least one service serves, in declaration order of categories."""
        used = {s.category for s in self.services}
        return [key for key in self.categories if key in used]

    @property
    def consent_purposes(self) -> list[str]:
        """Purposes the banner asks about: in use, and not the necessary category."""
        return [key for key in self.purposes_in_use if key != NECESSARY]

    @cached_property
    def policy_version(self) -> str:
        """The version of this (frozen) declaration, computed once: the hot paths read it."""
        from consentry.declaration.version import policy_version

        return policy_version(self)

    def __copy__(self) -> Self:
        # model_copy(update=...) goes through here: a copy may differ, so it recomputes.
        copied = super().__copy__()
        for name in _CACHED:
            copied.__dict__.pop(name, None)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        for name in _CACHED:
            copied.__dict__.pop(name, None)
        return copied
