"""Start uvicorn for `serve` and `demo`, after making sure it can listen where asked."""

from __future__ import annotations

import socket

import uvicorn
from starlette.types import ASGIApp

from consentry.errors import AddressInUse


def check_address(host: str, port: int) -> None:
    """Raise AddressInUse, with the fix, when nothing could listen on host:port now.

    uvicorn's own answer to a taken port is a log line and exit status 1, after the start-up
    messages; this says what is wrong and what to pass instead, before anything is started.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AddressInUse(
            f"cannot listen on {host}:{port} ({reason}); another server may be using it: "
            "stop it, or choose another address with --port (and --host)"
        ) from None


def run(app: ASGIApp, host: str, port: int, log_level: str) -> None:
    """Serve `app` on host:port until Ctrl+C."""
    check_address(host, port)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
