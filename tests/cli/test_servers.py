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


def test_demo_runs_on_either_database(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`demo --db` has no --key-file: a PostgreSQL demo keeps its checkpoint key in ./ too."""
    monkeypatch.chdir(tmp_path)
    served: list[int] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, log_level: served.append(port))
    result = CliRunner().invoke(app, ["demo", "--db", store_url, "--port", "0"])
    assert result.exit_code == 0, result.output
    assert served == [0] and "Consent ledger:" in result.output
    if store_url.startswith("postgresql"):
        assert (tmp_path / "consentry-demo.key").is_file()


def test_a_database_url_that_does_not_parse_is_repeated_without_credentials() -> None:
    plain = CliRunner().invoke(app, ["demo", "--db", "nonsense", "--port", "0"])
    assert plain.exit_code == 1
    assert "'nonsense' is not a database URL" in plain.output
    secret = CliRunner().invoke(app, ["demo", "--db", "pg://me:hunter2@db:x/y", "--port", "0"])
    assert "hunter2" not in secret.output and "***@db:x/y" in secret.output
