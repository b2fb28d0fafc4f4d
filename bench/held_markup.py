"""What holding a page's own tags costs the middleware, against the same page sent as it is.

    .venv/bin/python bench/held_markup.py [--pages N] [--size KB]

An ASGI application sends one HTML page of `--size` KB (the WordPress-like page of the PHP
parity test, with its 26 scripts, pixels, iframes and links of declared hosts, then
first-party course blocks: headings, links, paragraphs, images) through
`consentry.integrations.asgi.ConsentMiddleware` with the reference declaration, called
directly (no HTTP client, no server), `--pages` times per case, in one process:

- baseline: `hold_markup=False` (cookies filtered, the page untouched);
- a visitor who allowed everything: held pages on, nothing to hold (no parse);
- a visitor without a choice, whole body (`Content-Length`) and streamed in 4 KB pieces.

Prints the median time per page and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.integrations.choices import choice_cookie_for  # noqa: E402

from consentry.declaration import load_declaration  # noqa: E402
from consentry.integrations.asgi import ConsentMiddleware  # noqa: E402

REFERENCE = REPO / "examples" / "mastermi-learning" / "consentry.toml"
PAGE = REPO / "tests" / "integrations" / "wordpress" / "fixtures" / "markup" / "wordpress-page.html"


BLOCK = (
    '<div class="wp-block-group lesson-{i}"><h2 class="title"><a href="/cours/{i}">Leçon {i}'
    " &amp; exercices</a></h2><p>Texte de la leçon {i}, avec <strong>des</strong> mots et"
    ' <em>accents</em> : é à ç.</p><img src="/wp-content/uploads/{i}.jpg" alt="Leçon {i}"'
    ' width="300" height="200" loading="lazy"></div>\n'
)


def page_of(size_kb: int) -> bytes:
    page = PAGE.read_text(encoding="utf-8")
    head, tail = page.split("</body>", 1)
    blocks = []
    i = 0
    while len(head) + sum(map(len, blocks)) < size_kb * 1024:
        blocks.append(BLOCK.format(i=i))
        i += 1
    return (head + "".join(blocks) + "</body>" + tail).encode()


def application(body: bytes, streamed: bool) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8")]
        if not streamed:
            headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        if not streamed:
            await send({"type": "http.response.body", "body": body})
            return
        for start in range(0, len(body), 4096):
            piece = body[start : start + 4096]
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    return app


async def serve(middleware: Any, cookie: str | None, pages: int) -> list[float]:
    headers = [(b"cookie", f"cookie_consent={cookie}".encode())] if cookie else []
    scope = {"type": "http", "method": "GET", "path": "/", "headers": headers}
    out: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        out.append(len(message.get("body", b"")))

    times = []
    for _ in range(pages):
        started = time.perf_counter()
        await middleware(dict(scope), receive, send)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--size", type=int, default=60, help="page size in KB")
    args = parser.parse_args(argv)
    body = page_of(args.size)
    declaration = load_declaration(REFERENCE)
    accepted = choice_cookie_for(declaration)(accept_all=True)
    cases = [
        ("page sent as it is (baseline)", False, False, None),
        ("held pages on, visitor allowed all", True, False, accepted),
        ("held, no choice, whole body", True, False, None),
        ("held, no choice, streamed 4 KB pieces", True, True, None),
    ]
    print(f"HTML page of {len(body):,} bytes, {args.pages} pages per case (median per page)")
    baseline = 0.0
    for label, hold, streamed, cookie in cases:
        middleware = ConsentMiddleware(
            application(body, streamed), declaration, hold_markup=hold, log_undeclared=False
        )
        asyncio.run(serve(middleware, cookie, 5))  # warm-up
        median = statistics.median(asyncio.run(serve(middleware, cookie, args.pages)))
        baseline = baseline or median
        print(f"  {label:<40} {median * 1e3:8.3f} ms  {median / baseline:7.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
