"""What each banner loads before any consent: its requests, and their bytes as they travel.

The list of files comes from the browser (same-origin requests of a real load that are not the
page itself or the site's own files), so a loader that fetches more files by itself is counted.
The inline configuration a site owner writes for a peer counts too, compressed on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assets import Asset, text_sizes
from timing import Load

SITE_PREFIXES = ("/site/", "/matomo/", "/favicon.ico")


@dataclass(frozen=True)
class FileWeight:
    """One banner file: URL, raw/gzip/brotli bytes, and the encoding the browser received."""

    url: str
    raw: int
    gzip: int
    brotli: int
    received: str


@dataclass(frozen=True)
class Weight:
    """Everything one banner loads before consent."""

    banner: str
    files: tuple[FileWeight, ...]
    inline: tuple[int, int, int]  # raw, gzip, brotli of the inline config (0 for none)
    requests: int
    request_counts: tuple[int, ...]  # distinct counts seen over all loads (one value when stable)

    @property
    def raw(self) -> int:
        return sum(f.raw for f in self.files) + self.inline[0]

    @property
    def gzip(self) -> int:
        return sum(f.gzip for f in self.files) + self.inline[1]

    @property
    def brotli(self) -> int:
        return sum(f.brotli for f in self.files) + self.inline[2]


def banner_requests(load: Load) -> list[tuple[str, str]]:
    """The same-origin requests of `load` that the banner made (not the page, not site files)."""
    page = f"/{load.banner}/"
    return [
        (path, enc)
        for path, enc in load.requests
        if path != page and not path.startswith(SITE_PREFIXES)
    ]


def banner_weight(
    banner: str, loads: Sequence[Load], assets: Mapping[str, Asset], inline: Sequence[str]
) -> Weight:
    """The weight of `banner`, from the first successful load's requests (all loads counted)."""
    counts = Counter(len(banner_requests(load)) for load in loads)
    sample = next((load for load in loads if not load.failed), loads[0])
    files = []
    for url, received in banner_requests(sample):
        asset = assets.get(url)
        if asset is None:  # a file we do not serve (a 404): count the request, no bytes
            files.append(FileWeight(url, 0, 0, 0, received))
            continue
        files.append(FileWeight(url, len(asset.raw), len(asset.gzip), len(asset.brotli), received))
    sizes = [text_sizes(text) for text in inline]
    total = (sum(s[0] for s in sizes), sum(s[1] for s in sizes), sum(s[2] for s in sizes))
    return Weight(banner, tuple(files), total, len(files), tuple(sorted(counts)))
