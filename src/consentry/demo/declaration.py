"""The demo's declaration: the reference site's, pointed at the demo's own hosts.

Every third-party host and cookie domain keeps its name with `.localhost` in place of its
top-level domain (`www.youtube.com` → `www.youtube.localhost`). Browsers resolve every
`*.localhost` name to the loopback address by themselves, and each `x.localhost` is a site of
its own for cookies, so the stand-ins are real third parties to the browser with no DNS
set-up, and blocking, deletion and the scanner are exercised for real.
"""

from __future__ import annotations

from importlib.resources import files

from consentry.declaration import Declaration, parse_declaration

SITE_HOST = "www.mastermi.localhost"


def standin_host(host: str) -> str:
    """`www.youtube.com` → `www.youtube.localhost` (also `*.x.com`, `.x.com`)."""
    labels = host.split(".")
    return ".".join([*labels[:-1], "localhost"]) if len(labels) > 1 else host


def reference_declaration() -> Declaration:
    """The reference site's declaration, as `consentry init` writes it."""
    resource = files("consentry.declaration") / "template.toml"
    return parse_declaration(resource.read_text(encoding="utf-8"), "template.toml")


def demo_declaration(port: int) -> Declaration:
    """The reference declaration served at `http://www.mastermi.localhost:<port>`."""
    base = reference_declaration()
    services = [
        service.model_copy(
            update={
                "hosts": [standin_host(h) for h in service.hosts],
                "cookies": [
                    c.model_copy(update={"domain": standin_host(c.domain) if c.domain else None})
                    for c in service.cookies
                ],
            }
        )
        for service in base.services
    ]
    site = base.site.model_copy(update={"url": f"http://{SITE_HOST}:{port}"})
    return base.model_copy(update={"site": site, "services": services})
