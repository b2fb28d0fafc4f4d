"""Rate limits per client network (`[server] rate_limit` requests per minute, DESIGN.md).

A token bucket per client: `rate_limit` requests at once, refilled at `rate_limit` per minute.
The key is the client's IPv4 address or its IPv6 /64 (one subscriber line usually holds a whole
/64); it lives in this process's memory only and is never stored or logged. Behind a reverse
proxy the client address is the proxy's unless uvicorn is told to trust `X-Forwarded-For`
(`--forwarded-allow-ips`); docs/http.md says so.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from functools import lru_cache

MAX_CLIENTS = 50_000
"""Buckets kept before full ones (idle clients) are dropped."""


@lru_cache(maxsize=4096)
def client_key(address: str) -> str:
    """The rate-limit key of an address: itself for IPv4, its /64 for IPv6."""
    if ":" not in address:
        return address
    try:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    except ValueError:
        return address


class RateLimiter:
    """Token buckets keyed by client network; `wait` says how long a refused client must wait."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def wait(self, address: str | None) -> float:
        """0.0 when this request may go ahead (and counts it), else seconds until it may."""
        key = client_key(address or "unknown")
        now = self._clock()
        tokens, last = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self.per_second)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.per_second
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_CLIENTS:
            self._forget_idle(now)
        return 0.0

    def retry_after(self, address: str | None) -> str | None:
        """None when this request may go ahead (and counts it), else its `Retry-After` value."""
        wait = self.wait(address)
        return str(math.ceil(wait)) if wait else None

    def _forget_idle(self, now: float) -> None:
        full = [
            key
            for key, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.per_second >= self.capacity
        ]
        for key in full:
            del self._buckets[key]
