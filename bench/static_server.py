"""A static file server for the benchmark's site folder, run in its own process on 127.0.0.1.

Every text file has `.br` and `.gz` siblings made beforehand; the server answers with the one
the browser accepts (brotli first), as `consentry serve` does with its precompressed payload.
Run as `python static_server.py DIR`: prints `PORT <n>` once listening, stops on SIGTERM.
"""

from __future__ import annotations

import contextlib
import mimetypes
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
}


def make_handler(root: Path) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving files under `root` (and nothing outside it)."""
    base = root.resolve()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the benchmark records requests in the browser."""

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            file = (base / path.lstrip("/")).resolve()
            if file.is_dir():
                file = file / "index.html"
            if not file.is_relative_to(base) or not file.is_file():
                self._send(404, b"not found\n", "text/plain", None)
                return
            accepted = self.headers.get("Accept-Encoding", "")
            encoding = None
            for name, suffix in (("br", ".br"), ("gzip", ".gz")):
                sibling = file.with_name(file.name + suffix)
                if name in accepted and sibling.is_file():
                    encoding, file = name, sibling
                    break
            suffix = Path(path).suffix or ".html"
            ctype = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
            self._send(200, file.read_bytes(), ctype, encoding)

        def _send(self, status: int, body: bytes, ctype: str, encoding: str | None) -> None:
            self.send_response(status)
            charset = "; charset=utf-8" if ctype.startswith("text/") or "json" in ctype else ""
            self.send_header("Content-Type", ctype + charset)
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print("usage: static_server.py SITE_DIR", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(Path(argv[1])))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
