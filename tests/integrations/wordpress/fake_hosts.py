"""HTTPS stand-ins for YouTube, Vimeo and Google, on one loopback port.

The browser reaches them under their real host names through Chromium's
`--host-resolver-rules`; a self-signed certificate (made with Debian's openssl for this run)
covers every name, and the browser is told to accept it. Every request is recorded, so a
test can assert that nothing reached a third party, or wait until something did.
"""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.certificates import self_signed_certificate

HOSTS = (
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "i.ytimg.com",
    "s.ytimg.com",
    "player.vimeo.com",
    "vimeo.com",
    "i.vimeocdn.com",
    "f.vimeocdn.com",
    "www.googletagmanager.com",
    "www.google-analytics.com",
    "region1.google-analytics.com",
    "analytics.google.com",
    "stats.g.doubleclick.net",
)

PLAYER = b"<!doctype html><title>player stand-in</title><p>player</p>"
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
"""A 1×1 transparent GIF, as measurement pixels answer."""
SCRIPTS = {
    "/gtag/js": b"window.fakeGtagLoaded = true;",
    "/analytics.js": b"window.fakeAnalyticsLoaded = true;",
}


class FakeThirdParties:
    """One HTTPS server answering for every host in `HOSTS`; `requests` lists (host, path)."""

    def __init__(self, folder: Path) -> None:
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        cert, key = self_signed_certificate(folder, HOSTS)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                path = urlsplit(self.path).path
                owner._record(host, path)
                body, kind = PLAYER, "text/html"
                if path in SCRIPTS:
                    body, kind = SCRIPTS[path], "application/javascript"
                elif path == "/collect":
                    body, kind = PIXEL, "image/gif"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _record(self, host: str, path: str) -> None:
        with self._lock:
            self.requests.append((host, path))

    def seen(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self.requests)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    @property
    def resolver_rules(self) -> str:
        """The `--host-resolver-rules` value sending every stand-in host here."""
        return ", ".join(f"MAP {host} 127.0.0.1:{self.port}" for host in HOSTS)

    def __enter__(self) -> FakeThirdParties:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
