"""Flask: the visitor's choice in `g.consent`, unconsented cookies withheld, `{% consent %}`.

    from consentry.integrations.flask import Consentry
    Consentry(app, declaration="consentry.toml")   # or app.config["CONSENTRY_DECLARATION"]

    @app.get("/")
    def home():
        if g.consent.allows("audience"): ...

Cookies are filtered by the WSGI middleware wrapped around `app.wsgi_app`, so that those set
after the view (the session, `after_request` handlers) are filtered too. The same middleware
holds the tags of HTML pages with `hold_markup=True` (or `app.config["CONSENTRY_HOLD_MARKUP"]`;
by default the declaration's `[banner].auto_block`).
"""

from __future__ import annotations

from flask import Flask, g, request

from consentry.errors import ConsentryError
from consentry.integrations import jinja
from consentry.integrations.consent import Consent
from consentry.integrations.gate import Clock, ConsentGate, DeclarationSource, utc_now
from consentry.integrations.wsgi import ENVIRON_KEY, ConsentMiddleware

CONFIG_KEY = "CONSENTRY_DECLARATION"
HOLD_KEY = "CONSENTRY_HOLD_MARKUP"


class Consentry:
    """Flask extension; `init_app` supports the application-factory pattern."""

    def __init__(
        self,
        app: Flask | None = None,
        declaration: DeclarationSource | None = None,
        *,
        clock: Clock = utc_now,
        log_undeclared: bool = True,
        hold_markup: bool | None = None,
    ) -> None:
        self.declaration = declaration
        self.clock = clock
        self.log_undeclared = log_undeclared
        self.hold_markup = hold_markup
        self.gate: ConsentGate | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        source = self.declaration or app.config.get(CONFIG_KEY)
        if source is None:
            raise ConsentryError(
                f"Consentry needs a declaration: Consentry(app, declaration=…) or "
                f"app.config[{CONFIG_KEY!r}] = 'consentry.toml'"
            )
        hold = self.hold_markup if self.hold_markup is not None else app.config.get(HOLD_KEY)
        if hold is not None and not isinstance(hold, bool):
            raise ConsentryError(f"app.config[{HOLD_KEY!r}] must be True or False, not {hold!r}")
        gate = ConsentGate(
            source, clock=self.clock, log_undeclared=self.log_undeclared, hold_markup=hold
        )
        self.gate = gate
        app.wsgi_app = ConsentMiddleware(app.wsgi_app, gate=gate)  # type: ignore[method-assign]
        app.before_request(self._remember_consent)
        app.context_processor(lambda: {"consent": g.get("consent")})
        jinja.install(app.jinja_env)
        app.extensions["consentry"] = self

    def _remember_consent(self) -> None:
        consent = request.environ.get(ENVIRON_KEY)
        if not isinstance(consent, Consent) and self.gate is not None:
            consent = self.gate.read(request.headers.get("Cookie"))  # wsgi_app was replaced
        g.consent = consent


def current_consent() -> Consent:
    """The consent of the visitor of the current request (`g.consent`)."""
    consent = g.get("consent")
    if not isinstance(consent, Consent):
        raise ConsentryError("no visitor consent on this request: call Consentry(app) first")
    return consent
