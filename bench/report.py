"""The benchmark's printed report: weights, times and layout shift, each as a ratio to Consentry.

Every ratio is peer / Consentry from the same run (these machines are noisy, so only figures
measured side by side compare). Targets are those of issue 3.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence

from timing import Load
from weights import Weight

BASELINE = "consentry"
TARGET_BROTLI = 8000
TARGET_REQUESTS = 2
Results = Mapping[str, Mapping[str, Sequence[Load]]]  # profile -> banner -> loads


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """(p25, median, p75) of `values`, or None when empty."""
    if not values:
        return None
    if len(values) == 1:
        return values[0], values[0], values[0]
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return p25, median, p75


def visible(loads: Sequence[Load]) -> tuple[float, float, float] | None:
    """Quartiles of the time to a visible banner over the loads where it showed."""
    return quartiles([x.visible_ms for x in loads if x.visible_ms is not None])


def ratio(value: float | None, base: float | None) -> str:
    """`value / base` with two decimals, or n/a."""
    if value is None or not base:
        return "n/a"
    return f"{value / base:.2f}"


def weight_table(weights: Sequence[Weight], names: Mapping[str, str]) -> list[str]:
    base = next((w for w in weights if w.banner == BASELINE), None)
    lines = [
        "Weight before any consent (each file compressed on its own, as it travels)",
        f"  {'banner':<30} {'requests':>8} {'raw':>9} {'gzip':>8} {'brotli':>8}"
        f" {'br ×C':>6} {'gz ×C':>6} {'req ×C':>6}",
    ]
    for w in weights:
        requests = str(w.requests)
        if len(w.request_counts) > 1:
            requests += f" ({'/'.join(map(str, w.request_counts))})"
        lines.append(
            f"  {names[w.banner]:<30} {requests:>8} {w.raw:>9,} {w.gzip:>8,} {w.brotli:>8,}"
            f" {ratio(w.brotli, base.brotli if base else None):>6}"
            f" {ratio(w.gzip, base.gzip if base else None):>6}"
            f" {ratio(w.requests, base.requests if base else None):>6}"
        )
    lines.append("  files (raw / gzip / brotli; encoding the browser received):")
    for w in weights:
        name = names[w.banner]
        for f in w.files:
            sizes = f"{f.raw:>8,} {f.gzip:>7,} {f.brotli:>7,}"
            lines.append(f"    {name:<28} {f.url:<58} {sizes}  {f.received}")
        if w.inline[0]:
            sizes = f"{w.inline[0]:>8,} {w.inline[1]:>7,} {w.inline[2]:>7,}"
            lines.append(f"    {name:<28} {'(inline config written by the site)':<58} {sizes}")
    return lines


def timing_table(results: Results, names: Mapping[str, str]) -> list[str]:
    profiles = list(results)
    banners = list(results[profiles[0]]) if profiles else []
    head = "".join(f" {p + ' ms, median (p25–p75)':>30} {'×C':>5}" for p in profiles)
    lines = [
        "Time from navigation start to a visible banner, over fresh contexts",
        f"  {'banner':<30}{head}  failures",
    ]
    for banner in banners:
        row, failures = "", []
        for p in profiles:
            q, base = visible(results[p][banner]), visible(results[p].get(BASELINE, []))
            cell = "failed" if q is None else f"{q[1]:,.0f} ({q[0]:,.0f}–{q[2]:,.0f})"
            row += f" {cell:>30} {ratio(q[1] if q else None, base[1] if base else None):>5}"
            loads = results[p][banner]
            failures.append(f"{p} {sum(x.failed for x in loads)}/{len(loads)}")
        lines.append(f"  {names[banner]:<30}{row}  {', '.join(failures)}")
    lines += [
        "",
        "Same, paired by round (the loads of one round run back to back, so they share the"
        " machine's state):",
        "  median of peer/Consentry per round, and the rounds in which Consentry was sooner",
    ]
    for banner in banners:
        if banner == BASELINE:
            continue
        cells = ""
        for p in profiles:
            pair = paired(results[p][banner], results[p].get(BASELINE, []))
            cell = "n/a" if pair is None else f"{pair[0]:.2f} ({pair[1]}/{pair[2]})"
            cells += f" {p} {cell:>13}"
        lines.append(f"  {names[banner]:<30}{cells}")
    lines += [
        "",
        "First contentful paint of the page, and main-thread JavaScript time of the whole load"
        " (CDP ScriptDuration), median ms",
    ]
    for banner in banners:
        cells = ""
        for p in profiles:
            loads = results[p][banner]
            fcp = quartiles([x.fcp_ms for x in loads if x.fcp_ms is not None])
            js = quartiles([x.script_ms for x in loads if x.script_ms is not None])
            cells += f" {p} FCP {'n/a' if fcp is None else f'{fcp[1]:,.0f}':>6}"
            cells += f" JS {'n/a' if js is None else f'{js[1]:,.0f}':>5}"
        lines.append(f"  {names[banner]:<30}{cells}")
    lines += [
        "",
        "Layout shift, placeholders included (largest session window over load + 1.5 s):",
        f"  {'banner':<30}" + "".join(f" {p + ' median / max':>22}" for p in profiles),
    ]
    for banner in banners:
        cells, sources = "", set()
        for p in profiles:
            cls = [x.cls for x in results[p][banner]]
            cells += f" {f'{statistics.median(cls):.4f} / {max(cls):.4f}':>22}"
            sources |= {shift_source(x) for x in results[p][banner] if x.cls > 0}
        moved = f"  moved: {', '.join(sorted(sources))}" if sources else ""
        lines.append(f"  {names[banner]:<30}{cells}{moved}")
    lines.append("  (a ratio to Consentry's layout shift is undefined while Consentry's is 0)")
    return lines


def shift_source(load: Load) -> str:
    """The elements of the largest layout shift of `load` (as Chromium attributes it)."""
    biggest = max(load.shifts, key=lambda s: float(str(s.get("value", 0))), default=None)
    if biggest is None:
        return "?"
    sources = biggest.get("sources")
    return " ".join(map(str, sources)) if isinstance(sources, list) and sources else "?"


def third_party_lines(results: Results, names: Mapping[str, str]) -> list[str]:
    lines = ["Requests to other hosts before any consent (refused by the browser's resolver)"]
    banners = list(next(iter(results.values()))) if results else []
    for banner in banners:
        urls = {u for by in results.values() for x in by[banner] for u in x.third_party}
        lines.append(f"  {names[banner]:<30} {len(urls)}")
        lines += [f"    {u}" for u in sorted(urls)]
    errors = sorted(
        {
            f"{names[banner]} ({profile}): {error}"
            for profile, by in results.items()
            for banner, loads in by.items()
            for x in loads
            for error in x.errors
        }
    )
    if errors:
        lines.append("Errors seen (first 20):")
        lines += [f"  {e}" for e in errors[:20]]
    return lines


def paired(peer: Sequence[Load], ours: Sequence[Load]) -> tuple[float, int, int] | None:
    """Median of peer/ours time ratios over rounds where both showed, rounds ours was sooner,
    and those rounds' count; None without a pair."""
    pairs = [
        (p.visible_ms, o.visible_ms)
        for p, o in zip(peer, ours, strict=False)
        if p.visible_ms is not None and o.visible_ms
    ]
    if not pairs:
        return None
    ratios = [p / o for p, o in pairs]
    return statistics.median(ratios), sum(o < p for p, o in pairs), len(pairs)


def _overlap(a: tuple[float, float, float], b: tuple[float, float, float] | None) -> bool:
    """Whether the p25–p75 ranges of two quartile triples overlap."""
    return b is not None and a[0] <= b[2] and b[0] <= a[2]


def target_lines(
    weights: Sequence[Weight], results: Results, names: Mapping[str, str]
) -> list[str]:
    lines = ["Targets (issue 3)"]
    base = next((w for w in weights if w.banner == BASELINE), None)
    if base is None:
        return [*lines, "  Consentry was not measured: no target checked"]

    def mark(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    lines.append(
        f"  [{mark(base.brotli <= TARGET_BROTLI)}] everything the banner needs"
        f" ≤ {TARGET_BROTLI:,} bytes brotli: {base.brotli:,}"
    )
    lines.append(
        f"  [{mark(base.requests <= TARGET_REQUESTS)}] at most {TARGET_REQUESTS} requests:"
        f" {base.requests}"
    )
    if "mobile" in results:
        mobile = results["mobile"]
        ours = visible(mobile[BASELINE])
        not_beaten = []
        for banner, loads in mobile.items():
            q = visible(loads)
            if banner != BASELINE and q is not None and (ours is None or q[1] <= ours[1]):
                not_beaten.append(f"{names[banner]} {q[1]:,.0f} ms")
        ok = ours is not None and not not_beaten and not any(x.failed for x in mobile[BASELINE])
        detail = "failed" if ours is None else f"{ours[1]:,.0f} ms median"
        if not_beaten:
            detail += f"; not sooner than {', '.join(not_beaten)}"
        close = [
            names[b]
            for b, loads in mobile.items()
            if b != BASELINE and ours is not None and _overlap(ours, visible(loads))
        ]
        if close:
            detail += f"; p25–p75 overlaps {', '.join(close)}: within this run's noise"
        rounds = []
        for b, loads in mobile.items():
            pair = paired(loads, mobile[BASELINE]) if b != BASELINE else None
            if pair is not None:
                rounds.append(f"{names[b]} {pair[1]}/{pair[2]}")
        if rounds:
            detail += f"; rounds in which Consentry was sooner: {', '.join(rounds)}"
        lines.append(f"  [{mark(ok)}] visible sooner than every peer on mobile: {detail}")
    else:
        lines.append("  [----] visible sooner than every peer on mobile: mobile profile not run")
    worst = max((x.cls for by in results.values() for x in by.get(BASELINE, [])), default=0.0)
    lines.append(
        f"  [{mark(worst == 0)}] layout shift 0, placeholders included"
        f" (every load, every profile): max {worst:.4f}"
    )
    return lines
