"""Files the benchmark serves, each with the gzip and brotli bytes it travels as.

Each file is compressed on its own, as it travels: gzip level 9 and brotli quality 11 for the
peers' files (what a careful site would precompress); Consentry's `/consentry.js` keeps the
bytes its payload builder made, since those are what `consentry serve` sends.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import brotli


@dataclass(frozen=True)
class Asset:
    """One served file: raw bytes and its two precompressed forms."""

    url: str
    raw: bytes
    gzip: bytes
    brotli: bytes


def compress(url: str, raw: bytes) -> Asset:
    """`raw` with its gzip -9 and brotli q11 forms (gzip with mtime 0, so runs are repeatable)."""
    return Asset(url, raw, gzip.compress(raw, 9, mtime=0), brotli.compress(raw, quality=11))


def text_sizes(text: str) -> tuple[int, int, int]:
    """Raw, gzip and brotli bytes of `text` compressed on its own (UTF-8)."""
    asset = compress("", text.encode("utf-8"))
    return len(asset.raw), len(asset.gzip), len(asset.brotli)


def write_site(root: Path, assets: dict[str, Asset]) -> None:
    """Write every asset under `root` with `.gz` and `.br` siblings for the static server."""
    for url, asset in assets.items():
        target = root / url.lstrip("/")
        if url.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.raw)
        target.with_name(target.name + ".gz").write_bytes(asset.gzip)
        target.with_name(target.name + ".br").write_bytes(asset.brotli)
