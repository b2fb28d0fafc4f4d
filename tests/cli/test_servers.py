"""`consentry demo` and `serve` on an address that is already taken: a clear error, nothing made."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consentry.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mastermi-learning" / "consentry.toml"


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_demo_on_a_taken_port_says_so_and_makes_no_ledger(
    taken_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--port", str(taken_port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{taken_port}" in result.output
    assert "--port" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_serve_on_a_taken_port_says_so_and_makes_no_ledger(taken_port: int, tmp_path: Path) -> None:
    config = tmp_path / "consentry.toml"
    config.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--config", str(config), "--port", str(taken_port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{taken_port}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consentry.toml"]
