"""Benchmark: `lookup_cookie` against a linear scan of the same entries (baseline, same run).

The scanner looks up every cookie and storage key it observes, several thousand per site.
This measures, in one process: building the index; a cold look-up through the index (no
memo); a warm look-up (memoised); and, as the baseline, a linear scan that tries every
catalog and Open Cookie Database entry in turn. It prints each figure and the ratios.

    .venv/bin/python bench/catalog_lookup.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from consentry.catalog import lookup_cookie
from consentry.catalog.lookup import _lookup_cookie, cookie_index
from consentry.catalog.names import matches_name

Probe = tuple[str, str | None]


def probes(count: int) -> list[Probe]:
    """A scan-like mix: known names, pattern instances, third-party domains, unknown names."""
    rng = random.Random(7)
    known = ["_ga", "_gid", "_fbp", "PHPSESSID", "YSC", "vuid", "IDE", "bcookie", "lidc", "NID"]
    shaped = [
        "_pk_id.1.{h}",
        "_ga_{h}",
        "wordpress_logged_in_{h}",
        "_hjSessionUser_{h}",
        "wp-settings-time-{h}",
        "yt-remote-{h}",
        "_gac_UA-{h}",
        "AMCV_{h}",
    ]
    domains = [None, "www.site.test", ".youtube.com", ".doubleclick.net", ".linkedin.com"]
    out: list[Probe] = []
    for index in range(count):
        kind = index % 3
        if kind == 0:
            name = rng.choice(known)
        elif kind == 1:
            name = rng.choice(shaped).format(h=f"{rng.getrandbits(32):08x}")
        else:
            name = f"site_cookie_{rng.getrandbits(24):06x}"
        out.append((name, rng.choice(domains)))
    return out


def linear_scan() -> Callable[[str, str | None], object]:
    """The baseline: every entry's pattern tried in turn, the best kept by the same ranking."""
    index = cookie_index()
    entries = [e for bucket in index._exact.values() for e in bucket]
    entries += [e for group in index._prefixes.values() for _, bucket in group for e in bucket]
    entries += index._patterns

    def scan(name: str, domain: str | None) -> object:
        found = [e for e in entries if matches_name(e.facts.name, name)]
        if not found:
            return None
        return min(found, key=lambda e: (e.tier, -e.specificity, e.order)).facts

    return scan


def timed(label: str, calls: list[Probe], look: Callable[[str, str | None], object]) -> float:
    start = time.perf_counter()
    for name, domain in calls:
        look(name, domain)
    per_call = (time.perf_counter() - start) / len(calls)
    print(f"{label:<34} {per_call * 1e6:10.2f} µs per look-up")
    return per_call


def main() -> None:
    start = time.perf_counter()
    index = cookie_index()
    print(
        f"{'index build (CSV read + index)':<34} {(time.perf_counter() - start) * 1e3:10.1f} ms"
        f"  ({len(index)} entries)"
    )
    calls = probes(6000)
    baseline = timed("baseline: linear scan", calls[:600], linear_scan())
    cold = timed("index, cold (no memo)", calls, index.lookup)
    _lookup_cookie.cache_clear()
    for name, domain in calls:
        lookup_cookie(name, domain)
    warm = timed("lookup_cookie, warm (memoised)", calls, lookup_cookie)
    print(f"ratio baseline / index cold: {baseline / cold:8.0f}x")
    print(f"ratio baseline / warm:       {baseline / warm:8.0f}x")


if __name__ == "__main__":
    main()
