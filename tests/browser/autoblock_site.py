"""A plain site for the automatic-blocking tests, and stand-ins of its third parties.

One loopback server answers for every host name (browsers resolve `*.localhost` to this
machine), dispatching on the Host header, and logs every request it receives: the tests
assert on that server-side log, not only on what the browser reports.

The page's markup is unmarked: `<script src>` from two declared hosts (the second needs what
the first defines), one from an undeclared host, an `<iframe src>`, an `<img src>` pixel, a
`<link rel=preload>`, and a first-party script that at run time adds a pixel, a script, a
beacon, a fetch and an XMLHttpRequest. Each stand-in script appends to `window.log`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from consentry.banner import build_payload, hold_markup
from consentry.declaration import Declaration
from consentry.integrations import read_consent
from tests.factories import make_declaration

SITE = "www.site.localhost"
UNDECLARED = "static.cdn-u.localhost"
SERVICES = [
    # (id, name, purpose, hosts)
    ("lib-a", "Lib A", "audience", ["cdn.lib-a.localhost"]),
    ("lib-b", "Lib B", "audience", ["*.lib-b.localhost"]),
    ("ads-c", "Ads C", "advertising", ["pixel.ads-c.localhost"]),
    ("video-d", "Video D", "functional", ["player.video-d.localhost"]),
]
DECLARED = {host.removeprefix("*.") for *_, hosts in SERVICES for host in hosts}

PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Page ordinaire</title>
<script src="/consentry.js"></script>
<link rel="preload" as="script" href="http://cdn.lib-a.localhost:{port}/a.js">
<script src="http://cdn.lib-a.localhost:{port}/a.js"></script>
<script src="http://w.lib-b.localhost:{port}/b.js"></script>
<script src="http://static.cdn-u.localhost:{port}/u.js"></script>
</head>
<body>
<h1>Une page ordinaire</h1>
<!-- The pixel shares the frame's line, after it: a placeholder of another size would move
     it, while a paint between the two, mid-parse, does not (the frame already sets the line). -->
<iframe src="http://player.video-d.localhost:{port}/embed" width="320" height="180"
        title="Vidéo de démonstration"></iframe>
<img src="http://pixel.ads-c.localhost:{port}/p.gif" width="1" height="1" alt="">
<script>
  new Image().src = "http://pixel.ads-c.localhost:{port}/runtime.gif";
  var script = document.createElement("script");
  script.src = "http://cdn.lib-a.localhost:{port}/c.js";
  document.body.appendChild(script);
  navigator.sendBeacon("http://pixel.ads-c.localhost:{port}/beacon", "x");
  window.fetch("http://pixel.ads-c.localhost:{port}/fetch", {{mode: "no-cors"}})
    .catch(function () {{ window.fetchFailed = true; }});
  var xhr = new XMLHttpRequest();
  xhr.open("GET", "http://pixel.ads-c.localhost:{port}/xhr");
  xhr.onerror = function () {{ window.xhrFailed = true; }};
  xhr.send();
</script>
<p>Fin de la page.</p>
</body>
</html>
"""
MARKUP_PATHS = {"/a.js", "/b.js", "/p.gif", "/embed"}
"""What the page's HTML itself loads from declared hosts."""
RUNTIME_PATHS = {"/c.js", "/runtime.gif", "/beacon", "/fetch", "/xhr"}
"""What its first-party script asks for at run time."""

SCRIPTS = {
    "/a.js": 'window.LibA = true; (window.log = window.log || []).push("a");',
    "/b.js": '(window.log = window.log || []).push(window.LibA ? "b" : "b without a");',
    "/c.js": '(window.log = window.log || []).push("c");',
    "/u.js": '(window.log = window.log || []).push("u:" + document.readyState);',
}


def declaration(port: int) -> Declaration:
    """The site's declaration: four services of our own, automatic blocking on."""
    return make_declaration(
        site={"url": f"http://{SITE}:{port}"},
        banner={"auto_block": True},
        services=[
            {"use": "matomo", "exempt": "audience-measurement"},
            *(
                {
                    "id": service_id,
                    "name": name,
                    "provider": f"{name} SAS",
                    "category": purpose,
                    "privacy_policy": f"https://{service_id}.example/privacy",
                    "hosts": hosts,
                }
                for service_id, name, purpose, hosts in SERVICES
            ),
        ],
    )


@dataclass
class Request:
    host: str
    path: str
    at: float


@dataclass
class Site:
    """The running site: its declaration, its payload, and every request it received."""

    port: int
    declaration: Declaration
    log: list[Request] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return f"http://{SITE}:{self.port}{path}"

    def declared_since(self, mark: int = 0) -> set[str]:
        """Paths requested from declared hosts since log entry `mark`."""
        return {
            r.path
            for r in self.log[mark:]
            if r.host in DECLARED or r.host.endswith(".lib-b.localhost")
        }


def _handler(site: Site, script: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read `site.log`."""

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            self._log()
            self._send(
                201, b'{"record_id":"x","received_at":"2026-01-01T00:00:00Z"}', "application/json"
            )

        def do_GET(self) -> None:
            host, path = self._log()
            if host == SITE and path in ("/", "/held"):
                html = PAGE.format(port=site.port)
                if path == "/held":  # what a site's server sends with hold_markup
                    consent = read_consent(
                        self.headers.get("cookie"), site.declaration, datetime.now(UTC)
                    )
                    html = hold_markup(html, site.declaration, consent.allows)
                self._send(200, html.encode(), "text/html; charset=utf-8")
            elif host == SITE and path == "/consentry.js":
                self._send(200, script, "text/javascript; charset=utf-8")
            elif path in SCRIPTS:
                self._send(200, SCRIPTS[path].encode(), "text/javascript")
            elif path == "/embed":
                self._send(200, b"<!doctype html><title>Video</title><p>Video D", "text/html")
            else:
                self._send(204, b"", "text/plain")

        def _log(self) -> tuple[str, str]:
            host = (self.headers.get("host") or "").rsplit(":", 1)[0]
            path = self.path.split("?", 1)[0]
            site.log.append(Request(host, path, time.monotonic()))
            return host, path

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.send_header("cache-control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: the browser cancels requests for what it stopped loading (held elements)."""


class SiteServer:
    """Start the site on a free loopback port; `stop()` shuts it down."""

    def __init__(self) -> None:
        self.server = _Server(("127.0.0.1", 0), BaseHTTPRequestHandler)
        port = self.server.server_address[1]
        self.site = Site(port, declaration(port))
        script = build_payload(self.site.declaration).js
        self.server.RequestHandlerClass = _handler(self.site, script)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)
