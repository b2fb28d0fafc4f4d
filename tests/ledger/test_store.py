"""The SQL store on SQLite and PostgreSQL: append, replay, receipt, verify, purge."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from consentry.errors import ChainBroken, StoreUnavailable
from consentry.ledger import ConsentStore, Intake, RequestFacts, VersionArchive, open_store
from consentry.ledger.database import parse_url
from consentry.ledger.records import NewRecord
from tests.factories import make_declaration
from tests.ledger_support import body

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
D = make_declaration()


def records(store: ConsentStore, count: int, at: datetime = NOW) -> list[NewRecord]:
    """`count` valid records received at `at` (the version archived first)."""
    store.archive_version(VersionArchive.of(D), at)
    intake = Intake(D, store.versions())
    facts = RequestFacts(at, "Firefox/128.0", "203.0.113.9", None)
    return [intake.record(intake.parse(orjson.dumps(body(D))), facts) for _ in range(count)]


@pytest.fixture
def raw(store_url: str) -> Iterator[Engine]:
    """Direct database access, standing for someone who tampers with the tables."""
    engine = create_engine(parse_url(store_url))
    yield engine
    engine.dispose()


def tamper(engine: Engine, sql: str) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(sql)


def test_records_are_read_back_with_their_secret_only(store: ConsentStore) -> None:
    store.archive_version(VersionArchive.of(D), NOW)
    intake = Intake(D, store.versions())
    facts = RequestFacts(NOW, "Firefox/128.0", None, None)
    mine = body(D)
    later = body(D, consent_id=mine["consent_id"], secret=mine["secret"], mechanism="withdraw")
    intruder = body(D, consent_id=mine["consent_id"])  # knows the id, not the secret
    batch = [intake.record(intake.parse(orjson.dumps(b)), facts) for b in (mine, later, intruder)]
    assert [r.status for r in store.append(batch)] == ["created"] * 3
    got = store.get(mine["consent_id"], mine["secret"])
    assert [r.record_id for r in got] == [mine["record_id"], later["record_id"]]
    assert [r.mechanism for r in got] == ["custom", "withdraw"]
    assert store.get(mine["consent_id"], "0" * 32) == []
    assert store.get("f" * 32, mine["secret"]) == []


def test_a_replay_stores_one_record_and_a_changed_body_conflicts(store: ConsentStore) -> None:
    first = records(store, 1)[0]
    again = records(store, 1)[0]
    same = NewRecord(**{**vars_of(first), "received_at": first.received_at + 5000})
    changed = NewRecord(**{**vars_of(first), "mechanism": "reject_all"})
    assert store.append([first])[0].status == "created"
    replay = store.append([same, changed, again])
    assert [r.status for r in replay] == ["replayed", "conflict", "created"]
    assert replay[0].received_at == first.received_at
    assert store.count() == 2
    assert store.verify().ok


def test_a_record_replayed_within_one_batch_is_stored_once(store: ConsentStore) -> None:
    first = records(store, 1)[0]
    results = store.append([first, first])
    assert [r.status for r in results] == ["created", "replayed"]
    assert store.count() == 1


def test_verify_passes_on_an_untouched_ledger(store: ConsentStore) -> None:
    store.append(records(store, 25))
    report = store.verify()
    assert report.ok, report.problems
    assert report.records == 25 and report.head is not None and report.head.seq == 25


def test_verify_names_a_changed_field(store: ConsentStore, raw: Engine) -> None:
    store.append(records(store, 10))
    tamper(raw, "UPDATE ledger_records SET purposes = '{\"audience\":true}' WHERE seq = 4")
    report = store.verify()
    assert not report.ok
    assert report.bad_seq == 4
    assert "seq 4" in report.problems[0] and "altered" in report.problems[0]


def test_verify_names_a_deleted_row(store: ConsentStore, raw: Engine) -> None:
    store.append(records(store, 10))
    tamper(raw, "DELETE FROM ledger_records WHERE seq = 6")
    report = store.verify()
    assert report.bad_seq == 6
    assert "seq 6 was removed" in report.problems[0]


def test_verify_names_a_swapped_pair(store: ConsentStore, raw: Engine) -> None:
    store.append(records(store, 10))
    tamper(
        raw,
        "UPDATE ledger_records SET seq = CASE seq WHEN 3 THEN 1003 WHEN 4 THEN 1004 END "
        "WHERE seq IN (3, 4)",
    )
    tamper(
        raw,
        "UPDATE ledger_records SET seq = CASE seq WHEN 1003 THEN 4 ELSE 3 END "
        "WHERE seq IN (1003, 1004)",
    )
    report = store.verify()
    assert report.bad_seq == 3
    assert "swapped" in report.problems[0]


def test_purge_removes_old_records_and_the_rest_still_verifies(store: ConsentStore) -> None:
    old = records(store, 7, at=NOW - timedelta(days=2000))
    recent = records(store, 5, at=NOW)
    store.append(old)
    store.append(recent)
    report = store.purge(NOW - timedelta(days=1826), NOW, {"retention": "5 years"})
    assert (report.purged, report.through_seq) == (7, 7)
    assert store.count() == 5
    assert {r.record_id for r in store.iter_range()} == {r.record_id for r in recent}
    verified = store.verify()
    assert verified.ok, verified.problems
    assert verified.purged_through == 7 and verified.first_seq == 8
    store.append(records(store, 2))
    assert store.verify().ok


def test_purging_everything_leaves_a_verifiable_empty_ledger(store: ConsentStore) -> None:
    store.append(records(store, 4, at=NOW - timedelta(days=2000)))
    assert store.purge(NOW, NOW, {}).purged == 4
    report = store.verify()
    assert report.ok, report.problems
    assert report.records == 0 and report.purged_through == 4


def test_purge_refuses_to_delete_a_tampered_chain(store: ConsentStore, raw: Engine) -> None:
    store.append(records(store, 6, at=NOW - timedelta(days=2000)))
    tamper(raw, "UPDATE ledger_records SET mechanism = 'accept_all' WHERE seq = 2")
    with pytest.raises(ChainBroken, match="refusing to purge"):
        store.purge(NOW, NOW, {})
    assert store.count() == 6


def test_removing_purged_records_beyond_the_checkpoint_is_caught(
    store: ConsentStore, raw: Engine
) -> None:
    store.append(records(store, 3, at=NOW - timedelta(days=2000)))
    store.append(records(store, 3, at=NOW))
    store.purge(NOW - timedelta(days=10), NOW, {})
    tamper(raw, "DELETE FROM ledger_records WHERE seq = 4")
    report = store.verify()
    assert report.bad_seq == 4 and "removed" in report.problems[0]


def test_archived_versions_keep_every_wording(store: ConsentStore) -> None:
    from consentry.ledger import Document

    first = VersionArchive.of(D, (Document("policy_html", "fr", "<p>v1</p>"),))
    second = VersionArchive.of(D, (Document("policy_html", "fr", "<p>v1, typo fixed</p>"),))
    store.archive_version(first, NOW)
    archived = store.archive_version(second, NOW + timedelta(days=1))
    assert archived.published_at == int(NOW.timestamp() * 1000)
    assert [d.sha256 for d in archived.documents] == [
        first.documents[0].sha256,
        second.documents[0].sha256,
    ]
    assert store.archived_document(D.policy_version, "policy_html", "fr") == "<p>v1, typo fixed</p>"
    assert store.archived_version("ffffffffffff") is None


def test_a_missing_key_is_refused_once_checkpoints_exist(
    store_url: str, key_file: Path, store: ConsentStore
) -> None:
    store.append(records(store, 2, at=NOW - timedelta(days=2000)))
    store.purge(NOW, NOW, {})
    store.close()
    key_file.unlink()
    with pytest.raises(StoreUnavailable, match="key file"):
        open_store(store_url, key_file)


def test_a_bad_url_is_refused_with_the_password_masked() -> None:
    with pytest.raises(StoreUnavailable) as caught:
        open_store("mysql://admin:hunter2@db/ledger")
    assert "hunter2" not in str(caught.value) and "***" in str(caught.value)


def vars_of(record: NewRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in NewRecord.__dataclass_fields__}


def test_an_unreachable_database_is_reported_with_the_password_masked(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://ledger:s3cr3t-pw@127.0.0.1:{port}/ledger?connect_timeout=2"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(url, tmp_path / "key")
    message = str(caught.value)
    assert "cannot open the ledger database" in message
    assert "s3cr3t-pw" not in message and "***" in message


def test_a_chain_crossing_a_thousand_records_gets_an_authenticated_checkpoint(
    store: ConsentStore, raw: Engine
) -> None:
    store.append(records(store, 998))
    store.append(records(store, 4))  # crosses seq 1000 inside this batch
    report = store.verify()
    assert report.ok, report.problems
    assert report.checkpoints == 1 and report.head is not None
    with raw.connect() as connection:
        point = connection.exec_driver_sql("SELECT kind, seq, chain_hash FROM ledger_checkpoints")
        assert point.all() == [("periodic", 1002, report.head.chain_hash)]
    tamper(raw, "UPDATE ledger_checkpoints SET seq = 1001")
    assert "not authentic" in store.verify().problems[0]


def test_a_failed_batch_stores_nothing_and_the_next_one_is_stored(store: ConsentStore) -> None:
    first, second, third = records(store, 3)
    store.append([first])
    broken = NewRecord(**{**vars_of(third), "page_url": None})  # NOT NULL in both databases
    with pytest.raises(StoreUnavailable, match="could not store the consent records"):
        store.append([second, broken])
    assert store.count() == 1
    assert [r.status for r in store.append([second, third])] == ["created", "created"]
    assert store.count() == 3 and store.verify().ok
