"""Local fixture sites for the scanner's browser tests, served on loopback over HTTPS.

One small threaded HTTPS server per site variant on 127.0.0.1 (a free port), with a
throw-away self-signed certificate made by `openssl` for the run (so Secure and
SameSite=None cookies, and Cache Storage, behave as on a real site). It answers for
the site (`www.site.test`, `metrics.site.test`) and for the fake third parties
(`analytics.tracker.test`, `ads.tracker.test`) by the Host header; Chromium maps those names
to 127.0.0.1 with `--host-resolver-rules`, and every other name fails to resolve, so nothing
leaves the machine.
"""

from __future__ import annotations

import functools
import ssl
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from consentry.declaration import Declaration, parse_declaration
from tests.certificates import self_signed_certificate

FIXTURES = Path(__file__).parent / "fixtures"
HOSTS = (
    "www.site.test",
    "metrics.site.test",
    "analytics.tracker.test",
    "ads.tracker.test",
    "video.tracker.test",
)
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css"}
_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@functools.cache
def _certificate() -> tuple[str, str]:
    """A self-signed certificate for our host names, made once per test run."""
    folder = Path(tempfile.mkdtemp(prefix="consentry-fixture-tls-"))
    cert, key = self_signed_certificate(folder, HOSTS)
    return str(cert), str(key)


def resolver_rules() -> str:
    """Chromium flag: our names to loopback, everything else unresolvable."""
    maps = ", ".join(f"MAP {host} 127.0.0.1" for host in HOSTS)
    return f"--host-resolver-rules={maps}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def _handler(variant: str) -> type[BaseHTTPRequestHandler]:
    site_dirs = (FIXTURES / variant, FIXTURES / "common")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output clean

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").split(":")[0]
            path = self.path.split("?")[0]
            if host == "metrics.site.test" or path == "/collect":
                self._send(204, b"", "text/plain")
            elif host == "ads.tracker.test" and path == "/pixel.gif":
                # A third-party id cookie, stored because the scan's profile allows them.
                cookie = f"ad_id=ad{id(self)}; Max-Age={365 * 86400}; Path=/; SameSite=None; Secure"
                self._send(200, _GIF, "image/gif", [("Set-Cookie", cookie)])
            elif host == "video.tracker.test" and path == "/embed.html":
                # The player's own id cookie, set on its (cross-site) iframe document.
                cookie = f"vid=v{id(self)}; Max-Age={180 * 86400}; Path=/; SameSite=None; Secure"
                self._file([FIXTURES / "trackers"], path, [("Set-Cookie", cookie)])
            elif host.endswith(".tracker.test"):
                self._file([FIXTURES / "trackers"], path)
            else:
                self._file(site_dirs, "/index.html" if path == "/" else path)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(min(length, 65536))
            self._send(204, b"", "text/plain")

        def _file(
            self,
            roots: tuple[Path, ...] | list[Path],
            path: str,
            headers: list[tuple[str, str]] | None = None,
        ) -> None:
            name = path.lstrip("/")
            for root in roots:
                file = root / name
                if name and "/" not in name and file.is_file():
                    extra = list(headers or [])
                    if file.suffix == ".html" and root != FIXTURES / "trackers":
                        extra.append(("Set-Cookie", "sid=s1; Path=/; HttpOnly; SameSite=Lax"))
                    self._send(200, file.read_bytes(), _TYPES.get(file.suffix, "text/plain"), extra)
                    return
            self._send(404, b"not found", "text/plain")

        def _send(
            self,
            status: int,
            body: bytes,
            ctype: str,
            headers: list[tuple[str, str]] = (),  # type: ignore[assignment]
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in headers:
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@dataclass(frozen=True)
class FixtureSite:
    variant: str
    port: int

    @property
    def url(self) -> str:
        return f"https://www.site.test:{self.port}/"

    def declaration(self) -> Declaration:
        text = (FIXTURES / self.variant / "consentry.toml").read_text(encoding="utf-8")
        return parse_declaration(text.replace("{port}", str(self.port)), f"{self.variant}.toml")


@contextmanager
def serve(variant: str) -> Iterator[FixtureSite]:
    """Serve a fixture variant ("compliant", "noncompliant") until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(variant))
    server.daemon_threads = True
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(*_certificate())
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name=f"fixture-{variant}", daemon=True)
    thread.start()
    try:
        yield FixtureSite(variant, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
