"""Durable consent POSTs per second, as a ratio to a bare endpoint measured in the same run.

    .venv/bin/python bench/ledger.py [--seconds 10] [--rounds 3] [--connections 32] [--postgres URL]

For each backend (SQLite, and PostgreSQL when a URL is given or CONSENTRY_TEST_POSTGRES_URL
is set) it starts uvicorn with one worker on loopback, warms it up, then runs `wrk` (Debian
package `wrk`) for a bounded time with a Lua script that gives every request a fresh
record_id. The bare Starlette endpoint (parse the same JSON body, answer 201) runs first, in
the same way; ratios are against it. The three run in turn, `--rounds` times (the machine's
speed drifts by tens of percent within minutes), and the table gives each endpoint's median,
with its ratio the median of the ratios taken within each round. Method:
research/write-limits.md. After each ledger run the rows in the database are counted (at
least as many as the 201s) and the chain is verified. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from urllib.parse import quote

import psycopg
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
CONFIG = """\
[site]
name = "Banc d'essai"
url = "https://www.site.test"
languages = ["fr", "en"]
policy_updated = 2025-10-01

[controller]
name = "Éditeur SAS"
email = "contact@site.test"

[server]
rate_limit = 1000000

[[services]]
use = "matomo"
exempt = "audience-measurement"
[[services]]
use = "google-analytics"
[[services]]
use = "youtube"
[[services]]
use = "vimeo"
[[services]]
use = "brevo"
[[services]]
use = "linkedin"
"""

LUA = HERE / "ledger_consent.lua"


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    requests: int
    note: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(target: str, env: dict[str, str], factory: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", target, "--app-dir", str(HERE), "--host", "127.0.0.1",
        "--port", str(port), "--workers", "1", "--loop", "uvloop", "--http", "httptools",
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    if factory:
        command.append("--factory")
    process = subprocess.Popen(command, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"uvicorn {target} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"uvicorn {target} did not start within 60 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def wrk(port: int, script: Path, seconds: int, connections: int) -> str:
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
        "-s", str(script), f"http://127.0.0.1:{port}/api/v1/consents",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return done.stdout


def parse(name: str, output: str) -> Result:
    def number(pattern: str) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\b", output, re.M)
        if not match:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return float(match.group(1)) * scale

    return Result(
        name=name,
        rps=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
        requests=int(number(r"(\d+) requests in")),
    )


def measure(
    name: str, target: str, env: dict[str, str], script: Path, args: argparse.Namespace
) -> Result:
    process, port = start(target, env, factory=target.endswith("consentry"))
    try:
        wrk(port, script, args.warmup, args.connections)
        return parse(name, wrk(port, script, args.seconds, args.connections))
    finally:
        stop(process)


def check_ledger(url: str, key: Path, result: Result) -> None:
    """Every 2xx answered has its row, and the chain verifies."""
    from consentry.ledger import open_store

    store = open_store(url, key)
    try:
        rows = store.count()
        report = store.verify()
    finally:
        store.close()
    answered = result.requests - result.non_2xx
    result.note = (
        f"rows {rows} >= 2xx {answered}: {rows >= answered}; "
        f"chain {'verifies' if report.ok else 'BROKEN: ' + report.problems[0]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("CONSENTRY_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    from consentry.declaration import parse_declaration

    version = parse_declaration(CONFIG, "bench.toml").policy_version
    work = Path(tempfile.mkdtemp(prefix="consentry-bench-"))
    rounds: list[list[Result]] = []
    try:
        config = work / "consentry.toml"
        config.write_text(CONFIG, encoding="utf-8")
        script = work / "consent.lua"
        script.write_text(LUA.read_text().replace("VERSION", version), encoding="utf-8")
        for number in range(1, args.rounds + 1):
            rounds.append(run_round(work / f"round-{number}", config, script, args))
            print(f"round {number}: " + ", ".join(f"{r.name} {r.rps:.0f}/s" for r in rounds[-1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(rounds, args)


def run_round(work: Path, config: Path, script: Path, args: argparse.Namespace) -> list[Result]:
    """The bare endpoint, then each backend on a fresh, empty database."""
    work.mkdir()
    results = [measure("bare Starlette (parse, 201)", "ledger_apps:bare", {}, script, args)]
    backends = [("SQLite", f"sqlite:///{work / 'ledger.sqlite3'}")]
    database = f"consentry_bench_{secrets.token_hex(4)}" if args.postgres else None
    try:
        if database is not None:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            pg_url = make_url(args.postgres).set(database=database)
            backends.append(("PostgreSQL", pg_url.render_as_string(hide_password=False)))
        for label, url in backends:
            key = work / f"{label}.key"
            env = {
                "CONSENTRY_BENCH_CONFIG": str(config),
                "CONSENTRY_BENCH_DB": url,
                "CONSENTRY_BENCH_KEY": str(key),
            }
            result = measure(f"consent POST, {label}", "ledger_apps:consentry", env, script, args)
            check_ledger(url, key, result)
            results.append(result)
    finally:
        if database is not None:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{quote(database)}" WITH (FORCE)')
    return results


def report(rounds: list[list[Result]], args: argparse.Namespace) -> None:
    """Each endpoint's median over the rounds; its ratio is the median of the per-round
    ratios to the bare endpoint, each taken in the same round (the machine's speed drifts)."""
    print(
        f"\n{args.connections} connections, {args.seconds} s per run, 1 uvicorn worker, wrk -t2, "
        f"median of {len(rounds)} interleaved rounds"
    )
    print(f"{'endpoint':34} {'req/s':>9} {'x bare':>7} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>8}")
    for index, first in enumerate(rounds[0]):
        runs = [results[index] for results in rounds]
        ratio = median([results[index].rps / (results[0].rps or 1.0) for results in rounds])
        print(
            f"{first.name:34} {median([r.rps for r in runs]):9.0f} {ratio:7.2f} "
            f"{median([r.p50_ms for r in runs]):7.2f} {median([r.p99_ms for r in runs]):7.2f} "
            f"{sum(r.non_2xx for r in runs):8d}"
        )
        for r in runs:
            if r.note:
                print(f"{'':34} {r.note}")


if __name__ == "__main__":
    main()
