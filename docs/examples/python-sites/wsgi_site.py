"""Any WSGI application (Bottle, Pyramid, a bare callable) behind the middleware."""

from consentry.integrations.wsgi import ConsentMiddleware, consent_of


def application(environ, start_response):  # type: ignore[no-untyped-def]
    consent = consent_of(environ)
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Set-Cookie", "_ga=GA1.1.123.456; Max-Age=63072000; Path=/"),
        ],
    )
    return [f"audience: {consent.allows('audience')}\n".encode()]


application = ConsentMiddleware(application, declaration="consentry.toml")
