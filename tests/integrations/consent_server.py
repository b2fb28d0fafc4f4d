"""ASGI apps served in a thread of the test process, for the end-to-end tests: the consent
server (`consentry serve`) and the Python sites that use the middleware."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

from consentry.declaration import Declaration
from consentry.web import create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LoopbackServer:
    """An ASGI app on 127.0.0.1 (a free port unless given), as a context manager."""

    def __init__(self, app: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the server on {self.url} did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def consent_server(declaration: Declaration) -> LoopbackServer:
    """The consent server of a declaration (`consentry serve`), not yet started."""
    return LoopbackServer(create_app(declaration))
