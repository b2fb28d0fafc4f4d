"""Check, before `serve` and `demo` start anything, that they can listen where asked."""

from __future__ import annotations

import errno
import socket

from consentry.errors import AddressInUse


def check_address(host: str, port: int) -> None:
    """Raise AddressInUse, with the fix, when nothing could listen on host:port now.

    uvicorn's own answer to a taken port is a log line and exit status 1, after the start-up
    messages and after the ledger was opened; this says what is wrong and what to pass instead.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        taken = "another server is using it: stop it, or " if exc.errno == errno.EADDRINUSE else ""
        raise AddressInUse(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
            f"{taken}choose another address with --port (and --host)"
        ) from None
