"""Real server processes on loopback: two writing one ledger at once, and a SIGKILL mid-load.

`consentry serve` runs as a child process; the load is a few threads posting records over
HTTP. Everything is bounded: a fixed number of records or seconds, timeouts on every wait.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson
import pytest

from consentry.ledger import open_store
from tests.factories import make_declaration, minimal_data, to_toml
from tests.ledger_support import SITE, body

DECLARATION = make_declaration(server={"rate_limit": 1_000_000})
HEADERS = {"content-type": "application/json", "origin": SITE}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_config(directory: Path) -> Path:
    data = minimal_data()
    data["server"] = {"rate_limit": 1_000_000}
    path = directory / "consentry.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


@contextmanager
def server(config: Path, url: str, key_file: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`consentry serve` on a free loopback port; killed on exit if still running."""
    port = free_port()
    command = [
        sys.executable, "-m", "consentry.cli", "serve", "--config", str(config),
        "--db", url, "--key-file", str(key_file), "--port", str(port),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ}
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the server exited: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the server did not start within 60 s")
            time.sleep(0.1)
        yield process, base
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()


def post_many(base: str, count: int, acknowledged: list[str], stop: threading.Event) -> None:
    """Post up to `count` records; note each one answered 201, until `stop` or an error."""
    with httpx.Client(base_url=base, timeout=10, headers=HEADERS) as client:
        for _ in range(count):
            if stop.is_set():
                return
            sent = body(DECLARATION)
            try:
                response = client.post("/api/v1/consents", content=orjson.dumps(sent))
            except httpx.TransportError:
                return
            if response.status_code == 201:
                acknowledged.append(sent["record_id"])


def test_two_server_processes_write_one_verifiable_chain(
    tmp_path: Path, store_url: str, key_file: Path
) -> None:
    config = write_config(tmp_path)
    acknowledged: list[str] = []
    stop = threading.Event()
    with (
        server(config, store_url, key_file) as (_, first),
        server(config, store_url, key_file) as (_, second),
        ThreadPoolExecutor(8) as pool,
    ):
        jobs = [
            pool.submit(post_many, base, 15, acknowledged, stop) for base in [first, second] * 4
        ]
        for job in jobs:
            job.result(timeout=300)
    assert len(acknowledged) == 120
    store = open_store(store_url, key_file)
    try:
        report = store.verify()
        assert report.ok, report.problems
        assert report.records == 120
        assert {r.record_id for r in store.iter_range()} == set(acknowledged)
    finally:
        store.close()


def test_every_acknowledged_record_survives_a_sigkill(
    tmp_path: Path, store_url: str, key_file: Path
) -> None:
    config = write_config(tmp_path)
    acknowledged: list[str] = []
    stop = threading.Event()
    with server(config, store_url, key_file) as (process, base), ThreadPoolExecutor(8) as pool:
        jobs = [pool.submit(post_many, base, 2000, acknowledged, stop) for _ in range(8)]
        deadline = time.monotonic() + 120
        while len(acknowledged) < 80 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)  # mid-load: requests are in flight
        process.wait(timeout=15)
        stop.set()
        for job in jobs:
            job.result(timeout=60)
    assert len(acknowledged) >= 80
    with server(config, store_url, key_file) as (_, base):  # restart on the same ledger
        assert httpx.get(base + "/api/v1/versions/active", timeout=5).status_code == 200
    store = open_store(store_url, key_file)
    try:
        stored = {r.record_id for r in store.iter_range()}
        missing = set(acknowledged) - stored
        assert not missing, f"{len(missing)} acknowledged record(s) lost"
        report = store.verify()
        assert report.ok, report.problems
    finally:
        store.close()


@pytest.fixture(autouse=True)
def _cli_module_runs() -> None:
    """`python -m consentry.cli` must exist for the child processes."""
    import importlib.util

    assert importlib.util.find_spec("consentry.cli.__main__") is not None
