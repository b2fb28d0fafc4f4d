"""What the policy page says, computed from the declaration: a pure function, no markup.

`build_view(declaration, lang)` resolves every fact into plain text in the page's language (a
lifetime in words, an exemption ground, a safeguard) and groups it the way the page reads:
purposes with their legal bases, one row per cookie (P3), partners, transfers, retention. The
templates only lay it out and escape it, so HTML and Markdown carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from consentry.declaration import (
    AUDIENCE_MEASUREMENT,
    NECESSARY,
    Cookie,
    Declaration,
    Duration,
    Service,
)
from consentry.policy.texts import Authority, Texts, texts

CONSENT_CHOICE_GROUND = "consent-choice"
CONSENT_TOOL_ID = "consent-management"


@dataclass(frozen=True)
class TransferView:
    country: str
    safeguard: str


@dataclass(frozen=True)
class ServiceView:
    """A declared service as the page presents it."""

    id: str
    name: str
    provider: str
    internal: bool
    description: str | None
    privacy_policy: str
    basis: str
    """Key of the `[basis]` texts: consent, necessary, audience, legitimate_interest, …"""
    consent_required: bool
    transfers: tuple[TransferView, ...]
    data_retention: str | None


@dataclass(frozen=True)
class TrackerRow:
    """One row of the per-tracker table: one cookie or storage key (P3)."""

    name: str
    service: str
    provider: str
    domain: str
    purpose_title: str
    purpose: str
    type: str
    party: str
    third_party: bool
    lifetime: str
    ground: str | None
    """The exemption ground in words, or None when the tracker needs consent."""

    @property
    def consent_required(self) -> bool:
        return self.ground is None


@dataclass(frozen=True)
class BasisGroup:
    """A legal basis and the services of one purpose that rest on it."""

    basis: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class PurposeView:
    id: str
    title: str
    description: str
    services: tuple[ServiceView, ...]
    bases: tuple[BasisGroup, ...]

    @property
    def used(self) -> bool:
        return bool(self.services)

    @property
    def consent_services(self) -> tuple[str, ...]:
        """Names of the services a refusal of this purpose switches off."""
        return tuple(s.name for s in self.services if s.consent_required)


@dataclass(frozen=True)
class PartnerView:
    """An external provider, the services it runs here and its privacy policies (P5)."""

    provider: str
    services: tuple[str, ...]
    privacy_policies: tuple[tuple[str, str], ...]
    """(label, URL): the provider's name, or each service's name when their policies differ."""


@dataclass(frozen=True)
class AudienceView:
    """A service measuring the audience under the CNIL exemption, with its opt-out (P9)."""

    id: str
    name: str
    data_retention: str | None
    lifetime: str | None


@dataclass(frozen=True)
class ControllerView:
    name: str
    email: str
    address: tuple[str, ...]
    phone: str | None
    dpo: str | None


@dataclass(frozen=True)
class PolicyView:
    """Everything the page shows, in one language, as plain text."""

    lang: str
    site_name: str
    site_url: str
    host: str
    controller: ControllerView
    authority: Authority
    purposes: tuple[PurposeView, ...]
    rows: tuple[TrackerRow, ...]
    services: tuple[ServiceView, ...]
    partners: tuple[PartnerView, ...]
    audience: tuple[AudienceView, ...]
    consent_cookie: str
    choice_lifetime: str
    proof_retention: str
    ip_kept: str
    version: str
    updated: str
    updated_iso: str
    browser_help: tuple[tuple[str, str], ...]

    @property
    def internal_services(self) -> tuple[ServiceView, ...]:
        return tuple(s for s in self.services if s.internal)

    @property
    def exempt_rows(self) -> tuple[TrackerRow, ...]:
        return tuple(row for row in self.rows if not row.consent_required)

    @property
    def first_party_count(self) -> int:
        return sum(1 for row in self.rows if not row.third_party)

    @property
    def third_party_count(self) -> int:
        return sum(1 for row in self.rows if row.third_party)

    @property
    def refusable_purposes(self) -> tuple[PurposeView, ...]:
        """Purposes a refusal changes something for: those with a service needing consent."""
        return tuple(p for p in self.purposes if p.consent_services)


def build_view(declaration: Declaration, lang: str) -> PolicyView:
    """The page's content for `declaration` in `lang` (ValueError for an unsupported language)."""
    words = texts(lang)
    controller = declaration.controller
    entries = _entries(declaration, words)
    services = [entry.service for entry in entries]
    return PolicyView(
        lang=lang,
        site_name=declaration.site.name,
        site_url=declaration.site.url,
        host=declaration.site.host,
        controller=ControllerView(
            name=controller.name,
            email=controller.email,
            address=tuple(
                line.strip() for line in (controller.address or "").splitlines() if line.strip()
            ),
            phone=controller.phone,
            dpo=controller.dpo,
        ),
        authority=words.authority(controller.authority),
        purposes=tuple(
            _purpose(declaration, key, [e.service for e in entries if e.category == key], lang)
            for key in declaration.categories
        ),
        rows=tuple(
            row
            for key in declaration.categories
            for entry in entries
            if entry.category == key
            for row in entry.rows
        ),
        services=tuple(services),
        partners=_partners(services),
        audience=tuple(
            AudienceView(
                id=service.id,
                name=service.name,
                data_retention=_words(service.data_retention, words),
                lifetime=_words(_longest(service.cookies), words),
            )
            for service in declaration.services
            if service.exempt == AUDIENCE_MEASUREMENT
        ),
        consent_cookie=declaration.banner.cookie_name,
        choice_lifetime=words.duration(declaration.site.consent_lifetime),
        proof_retention=words.duration(declaration.ledger.retention),
        ip_kept=declaration.server.ip,
        version=declaration.policy_version,
        updated=words.date(declaration.site.policy_updated),
        updated_iso=declaration.site.policy_updated.isoformat(),
        browser_help=tuple(words.browser_help()),
    )


@dataclass(frozen=True)
class _Entry:
    """A service with its purpose and its table rows, before grouping by purpose."""

    service: ServiceView
    category: str
    rows: tuple[TrackerRow, ...]


def _entries(declaration: Declaration, words: Texts) -> list[_Entry]:
    """Every service the page lists: the consent tool first, then the declared ones.

    The consent cookie is a tracker like the others (seed §4 and §8; gap 2 of §17), owned by
    the consent tool the site runs (this one): it is listed as a necessary, internal service
    unless a declared service already lists a cookie of that name.
    """
    entries: list[_Entry] = []
    cookie_name = declaration.banner.cookie_name
    if not any(c.matches(cookie_name) for s in declaration.services for c in s.cookies):
        entries.append(_consent_tool(declaration, words))
    for service in declaration.services:
        view = _service(declaration, service, words)
        title = _pick(declaration.categories[service.category].title, words.lang)
        rows = tuple(
            _row(declaration, service, cookie, purpose_title=title, words=words)
            for cookie in service.cookies
        )
        entries.append(_Entry(view, service.category, rows))
    return entries


def _consent_tool(declaration: Declaration, words: Texts) -> _Entry:
    name = words.text("table.consent_cookie_service")
    provider = words.text("words.self_provider").format(name=declaration.controller.name)
    view = ServiceView(
        id=CONSENT_TOOL_ID,
        name=name,
        provider=provider,
        internal=True,
        description=words.text("table.consent_tool_description"),
        privacy_policy=declaration.site.url,
        basis="necessary",
        consent_required=False,
        transfers=(),
        data_retention=words.duration(declaration.ledger.retention),
    )
    row = TrackerRow(
        name=declaration.banner.cookie_name,
        service=name,
        provider=provider,
        domain=declaration.site.host,
        purpose_title=_pick(declaration.categories[NECESSARY].title, words.lang),
        purpose=words.text("table.consent_cookie_purpose"),
        type=words.storage_type("cookie"),
        party=words.party("first"),
        third_party=False,
        lifetime=words.duration(declaration.site.consent_lifetime),
        ground=words.ground(CONSENT_CHOICE_GROUND),
    )
    return _Entry(view, NECESSARY, (row,))


def _service(declaration: Declaration, service: Service, words: Texts) -> ServiceView:
    internal = _internal(declaration, service)
    return ServiceView(
        id=service.id,
        name=service.name,
        provider=_provider(service, internal, words),
        internal=internal,
        description=_pick(service.description, words.lang) if service.description else None,
        privacy_policy=service.privacy_policy,
        basis=_basis(service),
        consent_required=service.consent_required,
        transfers=tuple(
            TransferView(words.country(t.country), words.safeguard(t.safeguard))
            for t in service.transfers
        ),
        data_retention=_words(service.data_retention, words),
    )


def _internal(declaration: Declaration, service: Service) -> bool:
    """Self-hosted: the loader writes the controller's name for `provider = "self"`."""
    return service.provider == declaration.controller.name


def _basis(service: Service) -> str:
    """Which `[basis]` text applies: a declared basis first, else what the exemption implies."""
    if service.legal_basis not in (None, "consent", "exemption"):
        return str(service.legal_basis)
    if service.legal_basis == "consent" or service.consent_required:
        return "consent"
    return "audience" if service.exempt == AUDIENCE_MEASUREMENT else "necessary"


def _purpose(
    declaration: Declaration, key: str, services: list[ServiceView], lang: str
) -> PurposeView:
    category = declaration.categories[key]
    bases: dict[str, list[str]] = {}
    for service in services:
        bases.setdefault(service.basis, []).append(service.name)
    return PurposeView(
        id=key,
        title=_pick(category.title, lang),
        description=_pick(category.description, lang),
        services=tuple(services),
        bases=tuple(BasisGroup(basis, tuple(names)) for basis, names in bases.items()),
    )


def _row(
    declaration: Declaration,
    service: Service,
    cookie: Cookie,
    *,
    purpose_title: str,
    words: Texts,
) -> TrackerRow:
    ground: str | None = service.cookie_exempt(cookie)
    if ground is None and service.category == NECESSARY:
        ground = NECESSARY
    return TrackerRow(
        name=cookie.name,
        service=service.name,
        provider=_provider(service, _internal(declaration, service), words),
        domain=_domain(declaration, service, cookie),
        purpose_title=purpose_title,
        purpose=_pick(cookie.purpose, words.lang),
        type=words.storage_type(cookie.type),
        party=words.party(cookie.party),
        third_party=cookie.party == "third",
        lifetime=words.duration(cookie.lifetime),
        ground=words.ground(ground) if ground else None,
    )


def _domain(declaration: Declaration, service: Service, cookie: Cookie) -> str:
    """Where the tracker lives: its declared domain, else the site (first party) or the service."""
    if cookie.domain:
        return cookie.domain.lstrip(".")
    if cookie.party == "first" or not service.hosts:
        return declaration.site.host
    return service.hosts[0].removeprefix("*.")


def _provider(service: Service, internal: bool, words: Texts) -> str:
    if internal:
        return words.text("words.self_provider").format(name=service.provider)
    return service.provider


def _partners(services: list[ServiceView]) -> tuple[PartnerView, ...]:
    """External providers in order of first appearance, each with its services and policies."""
    grouped: dict[str, list[ServiceView]] = {}
    for service in services:
        if not service.internal:
            grouped.setdefault(service.provider, []).append(service)
    partners = []
    for provider, members in grouped.items():
        urls: dict[str, list[str]] = {}
        for service in members:
            urls.setdefault(_safe_url(service.privacy_policy), []).append(service.name)
        policies = (
            ((provider, next(iter(urls))),)
            if len(urls) == 1
            else tuple((", ".join(names), url) for url, names in urls.items())
        )
        partners.append(PartnerView(provider, tuple(s.name for s in members), policies))
    return tuple(partners)


def _safe_url(url: str) -> str:
    """The loader admits only http(s) URLs; keep that promise here too, links are clickable."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"refusing to link {url!r}: not an http(s) URL")
    return url


def _longest(cookies: list[Cookie]) -> Duration | None:
    return max((c.lifetime for c in cookies), key=Duration.total_seconds, default=None)


def _words(value: Duration | None, words: Texts) -> str | None:
    return words.duration(value) if value is not None else None


def _pick(text: dict[str, str], lang: str) -> str:
    """The text in `lang`; the loader guarantees every site language, so a fallback is rare."""
    return text.get(lang) or next(iter(text.values()))
