"""The checkpoint key: 32 random bytes in a file beside the database, made on first start.

Why a key, and why there: anyone who can write the database can recompute a plain hash chain
after changing a record. Checkpoints are authenticated with an HMAC under this key, which the
database does not hold, so rewriting history also needs this file. No secret is ever in the
repository or the declaration; a deployment backs the key up with the database (without it,
checkpoints cannot be checked, and `verify` says so). Several server processes share it by
path, or by `CONSENTRY_LEDGER_KEY_FILE`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from consentry.errors import StoreUnavailable

KEY_BYTES = 32


def read_key(path: Path) -> bytes | None:
    """The key in `path`, or None when there is no such file."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreUnavailable(f"cannot read the ledger key {path}: {exc.strerror}") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise StoreUnavailable(
            f"{path} is not a ledger key (expected {KEY_BYTES * 2} hex digits); restore it "
            "from the backup made with the database"
        )
    return key


def create_key(path: Path) -> bytes:
    """Write a new key atomically: a temporary file, then a hard link that fails if one exists.

    The file is readable by its owner only (0600). Two server processes starting at once
    both try; the loser reads the winner's key.
    """
    key = secrets.token_bytes(KEY_BYTES)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            existing = read_key(path)
            if existing is not None:
                return existing
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the ledger key {path}: {exc.strerror}") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return key
