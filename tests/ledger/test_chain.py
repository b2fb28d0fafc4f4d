"""The hash chain and its verification, as pure functions (no database)."""

from __future__ import annotations

import dataclasses

from hypothesis import example, given
from hypothesis import strategies as st

from consentry.ledger import GENESIS, ChainHead, StoredRecord, link, verify_chain
from consentry.ledger.chain import Checkpoint, CheckpointKind, make_checkpoint
from consentry.ledger.records import NewRecord

KEY = b"k" * 32


def record(number: int) -> NewRecord:
    return NewRecord(
        record_id=f"00000000-0000-4000-8000-{number:012d}",
        consent_id=f"{number:032x}",
        secret_hash="ab" * 32,
        mechanism="accept_all",
        purposes='{"audience":true}',
        services='{"youtube":true}',
        policy_version="0123456789ab",
        texts_hash="cd" * 32,
        language="fr",
        page_url="https://www.site.test/",
        client_time="2026-11-26T14:00:00.000Z",
        received_at=1_764_165_600_000 + number,
        expires_at=1_779_800_000_000,
        site="https://www.site.test",
        user_agent="Firefox 128",
        ip=None,
        gpc=False,
        sec_gpc=False,
    )


def chained(count: int) -> list[StoredRecord]:
    out, previous = [], GENESIS
    for number in range(1, count + 1):
        new = record(number)
        previous = link(previous, new)
        out.append(StoredRecord(**vars_of(new), seq=number, chain_hash=previous))
    return out


def vars_of(new: NewRecord) -> dict[str, object]:
    return {f.name: getattr(new, f.name) for f in dataclasses.fields(new)}


def head_of(records: list[StoredRecord]) -> ChainHead:
    return ChainHead(records[-1].seq, records[-1].chain_hash) if records else ChainHead(0, GENESIS)


def test_an_untouched_chain_verifies() -> None:
    records = chained(5)
    report = verify_chain(records, [], head_of(records), KEY)
    assert report.ok, report.problems
    assert (report.records, report.first_seq, report.last_seq) == (5, 1, 5)


def test_an_altered_record_is_named() -> None:
    records = chained(5)
    records[2] = dataclasses.replace(records[2], mechanism="reject_all")
    report = verify_chain(records, [], head_of(chained(5)), KEY)
    assert report.bad_seq == 3
    assert "seq 3" in report.problems[0] and "altered" in report.problems[0]


def test_a_removed_record_is_named() -> None:
    records = chained(5)
    del records[1]
    report = verify_chain(records, [], head_of(chained(5)), KEY)
    assert report.bad_seq == 2
    assert "seq 2 was removed" in report.problems[0]


def test_a_removed_last_record_is_named() -> None:
    records = chained(5)
    report = verify_chain(records[:-1], [], head_of(records), KEY)
    assert report.bad_seq == 5
    assert "seq 5 was removed" in report.problems[0]


def test_a_swapped_pair_is_named() -> None:
    records = chained(5)
    a, b = records[1], records[2]
    records[1] = dataclasses.replace(b, seq=2)
    records[2] = dataclasses.replace(a, seq=3)
    report = verify_chain(records, [], head_of(chained(5)), KEY)
    assert report.bad_seq == 2
    assert "swapped" in report.problems[0]


def first_checkpoint(key: bytes, kind: CheckpointKind, seq: int, chain_hash: str) -> Checkpoint:
    """The ledger's first checkpoint (no previous MAC), at `seq` over `chain_hash`."""
    return make_checkpoint(
        key, kind=kind, seq=seq, chain_hash=chain_hash, created_at=1, detail="{}", prev_mac=""
    )


def test_a_rewritten_chain_is_caught_by_a_checkpoint() -> None:
    """Recomputing every hash after an edit does not fool an authenticated checkpoint."""
    original = chained(4)
    point = first_checkpoint(KEY, "periodic", 3, original[2].chain_hash)
    forged, previous = [], GENESIS
    for stored in original:
        new = NewRecord(
            **{k: v for k, v in vars_of(stored).items() if k not in ("seq", "chain_hash")}
        )
        if stored.seq == 2:
            new = dataclasses.replace(new, mechanism="accept_all", purposes='{"audience":false}')
        previous = link(previous, new)
        forged.append(StoredRecord(**vars_of(new), seq=stored.seq, chain_hash=previous))
    report = verify_chain(forged, [point], head_of(forged), KEY)
    assert not report.ok
    assert "rewritten" in report.problems[0] and report.bad_seq == 3


def test_a_checkpoint_with_a_forged_mac_is_refused() -> None:
    records = chained(3)
    point = first_checkpoint(b"x" * 32, "purge", 1, records[0].chain_hash)
    report = verify_chain(records[1:], [point], head_of(records), KEY)
    assert "not authentic" in report.problems[0]


def test_a_purged_prefix_verifies_from_its_checkpoint() -> None:
    records = chained(6)
    point = first_checkpoint(KEY, "purge", 3, records[2].chain_hash)
    report = verify_chain(records[3:], [point], head_of(records), KEY)
    assert report.ok, report.problems
    assert report.purged_through == 3


def test_a_periodic_checkpoint_does_not_excuse_missing_records() -> None:
    records = chained(6)
    point = first_checkpoint(KEY, "periodic", 3, records[2].chain_hash)
    report = verify_chain(records[3:], [point], head_of(records), KEY)
    assert report.bad_seq == 1 and "removed" in report.problems[0]


_FIELDS = [f.name for f in dataclasses.fields(StoredRecord) if f.name not in ("seq", "chain_hash")]


@given(
    index=st.integers(min_value=0, max_value=5),
    name=st.sampled_from(_FIELDS),
    data=st.data(),
)
@example(index=0, name="received_at", data=None)
def test_any_edit_of_any_field_fails_verify(
    index: int, name: str, data: st.DataObject | None
) -> None:
    """A change to any field of any record, however small, is found at that record."""
    records = chained(6)
    target = records[index]
    value = getattr(target, name)
    if isinstance(value, bool):
        changed: object = not value
    elif isinstance(value, int):
        changed = value + 1
    elif value is None:
        changed = "203.0.0.0/16"
    else:
        suffix = data.draw(st.text(min_size=1, max_size=3)) if data is not None else "x"
        changed = value + suffix
    records[index] = dataclasses.replace(target, **{name: changed})
    report = verify_chain(records, [], head_of(chained(6)), KEY)
    assert not report.ok
    assert report.bad_seq == index + 1
