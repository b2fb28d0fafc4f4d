"""`consentry ledger verify | export | purge` on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from consentry.cli import app
from consentry.ledger import ConsentStore, Intake, RequestFacts, VersionArchive
from consentry.ledger.database import parse_url
from tests.factories import make_declaration, minimal_data, to_toml
from tests.ledger_support import body

NOW = datetime.now(UTC)
D = make_declaration()


def fill(store: ConsentStore, at: datetime, count: int) -> list[str]:
    store.archive_version(VersionArchive.of(D), at)
    intake = Intake(D, store.versions())
    facts = RequestFacts(at, "Firefox/128.0", None, None)
    batch = [intake.record(intake.parse(orjson.dumps(body(D))), facts) for _ in range(count)]
    store.append(batch)
    return [r.record_id for r in batch]


def run(config: Path, url: str, key: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["ledger", *args, "--config", str(config), "--db", url, "--key-file", str(key)]
    )
    return result.exit_code, result.stdout, result.stderr


def config_in(tmp_path: Path, **ledger: str) -> Path:
    data = minimal_data()
    if ledger:
        data["ledger"] = ledger
    path = tmp_path / "consentry.toml"
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def test_verify_says_ok_then_names_the_record_changed(
    tmp_path: Path, store: ConsentStore, store_url: str, key_file: Path
) -> None:
    fill(store, NOW, 5)
    config = config_in(tmp_path)
    code, out, _ = run(config, store_url, key_file, "verify")
    assert code == 0
    assert "OK: 5 record(s)" in out
    engine = create_engine(parse_url(store_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE ledger_records SET language = 'en' WHERE seq = 2")
    engine.dispose()
    code, out, err = run(config, store_url, key_file, "verify")
    assert code == 1
    assert "record seq 2" in err and "altered" in err
    password = make_url(store_url).password
    assert password is None or str(password) not in err  # URLs print with the password masked


def test_a_missing_sqlite_ledger_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    missing = tmp_path / "typo" / "ledger.sqlite3"
    for command in ("verify", "export", "purge"):
        code, out, err = run(config, f"sqlite:///{missing}", tmp_path / "key", command)
        assert code == 1, (command, out, err)
        assert f"there is no ledger at {missing}" in err
        assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consentry.toml"]


def test_export_to_an_unwritable_path_says_so(
    tmp_path: Path, store: ConsentStore, store_url: str, key_file: Path
) -> None:
    fill(store, NOW, 1)
    target = tmp_path / "missing" / "out.jsonl"
    code, _, err = run(config_in(tmp_path), store_url, key_file, "export", "--out", str(target))
    assert code == 2
    assert "--out" in err and f"cannot write {target}" in err
    assert "Traceback" not in err


def test_export_streams_clean_data_for_a_time_range(
    tmp_path: Path, store: ConsentStore, store_url: str, key_file: Path
) -> None:
    old = fill(store, NOW - timedelta(days=40), 3)
    new = fill(store, NOW - timedelta(days=1), 4)
    config = config_in(tmp_path)
    since = (NOW - timedelta(days=10)).date().isoformat()
    code, out, err = run(config, store_url, key_file, "export", "--since", since)
    assert code == 0, err
    lines = [orjson.loads(line) for line in out.splitlines()]
    assert [line["record_id"] for line in lines] == new
    assert "exported 4 record(s)" in err
    until = (NOW - timedelta(days=10)).date().isoformat()
    code, out, _ = run(config, store_url, key_file, "export", "--format", "csv", "--until", until)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["record_id"] for row in rows] == old
    assert rows[0]["purposes"].startswith("{") and rows[0]["gpc"] == "false"
    assert "?" not in rows[0]["page_url"]  # no query string is ever exported (R36)


def test_purge_applies_the_retention_and_the_ledger_still_verifies(
    tmp_path: Path, store: ConsentStore, store_url: str, key_file: Path
) -> None:
    fill(store, NOW - timedelta(days=400), 4)
    kept = fill(store, NOW - timedelta(days=100), 2)
    config = config_in(tmp_path, retention="1 year")
    code, out, err = run(config, store_url, key_file, "purge")
    assert code == 0, err
    assert "purged 4 record(s)" in out
    assert [r.record_id for r in store.iter_range()] == kept
    code, out, _ = run(config, store_url, key_file, "verify")
    assert code == 0 and "purged through seq 4" in out


def test_purge_refuses_a_retention_shorter_than_the_choice_lifetime(
    tmp_path: Path, store: ConsentStore, store_url: str, key_file: Path
) -> None:
    fill(store, NOW - timedelta(days=100), 2)
    config = config_in(tmp_path, retention="30 days")
    code, _, err = run(config, store_url, key_file, "purge")
    assert code == 1
    assert "shorter than [site] consent_lifetime" in err
    assert store.count() == 2
