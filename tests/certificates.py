"""Throw-away self-signed certificates for the HTTPS stand-ins the browser tests serve.

Made by Debian's `openssl` for the run and naming every host the browser reaches through
`--host-resolver-rules`, so Secure and SameSite=None cookies behave as on a real site.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path


def self_signed_certificate(folder: Path, hosts: Iterable[str]) -> tuple[Path, Path]:
    """Write a certificate and its key for `hosts` into `folder`; return (cert, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is needed to serve the HTTPS stand-ins")
    cert, key = folder / "cert.pem", folder / "key.pem"
    names = ",".join(f"DNS:{host}" for host in hosts)
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=consentry-test-stand-in",
            "-addext",
            f"subjectAltName={names}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key
