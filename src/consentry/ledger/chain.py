"""The hash chain over consent records, its checkpoints, and the walk that verifies both.

Each record's hash is SHA-256(previous hash || canonical record), starting from `GENESIS`, so
changing, removing or moving any record breaks every hash after it (R35). A hash chain alone
does not stop someone with write access from recomputing it after an edit, so the ledger also
writes *checkpoints*: (position, hash) pairs authenticated with an HMAC whose key lives outside
the database (`keys.py`), each MAC chained to the previous checkpoint's. A purge deletes a prefix
of the chain and leaves a checkpoint at its end, so what remains still verifies (R37).

Everything here is pure: the store feeds records and checkpoints in, a `VerifyReport` comes out.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import orjson

from consentry.ledger.records import NewRecord, StoredRecord, canonical

GENESIS = "0" * 64
"""The hash the first record is chained to."""

CheckpointKind = Literal["periodic", "purge"]


def link(previous: str, record: NewRecord) -> str:
    """The chain hash of `record` placed after a record whose hash is `previous`."""
    digest = hashlib.sha256(bytes.fromhex(previous))
    digest.update(canonical(record))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """An authenticated statement: "the chain hash at position `seq` was `chain_hash`"."""

    kind: CheckpointKind
    seq: int
    chain_hash: str
    created_at: int
    detail: str
    """JSON text: for a purge, how many records went, the cut-off and the retention applied."""
    prev_mac: str
    mac: str


def checkpoint_mac(key: bytes, point: Checkpoint) -> str:
    """HMAC-SHA256 of a checkpoint (all but its `mac`), chained to the previous checkpoint's MAC."""
    message = orjson.dumps(
        {
            "kind": point.kind,
            "seq": point.seq,
            "chain_hash": point.chain_hash,
            "created_at": point.created_at,
            "detail": point.detail,
            "prev_mac": point.prev_mac,
        },
        option=orjson.OPT_SORT_KEYS,
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make_checkpoint(
    key: bytes,
    *,
    kind: CheckpointKind,
    seq: int,
    chain_hash: str,
    created_at: int,
    detail: str,
    prev_mac: str,
) -> Checkpoint:
    """A new checkpoint following the one whose MAC is `prev_mac` ("" for the first)."""
    unsigned = Checkpoint(kind, seq, chain_hash, created_at, detail, prev_mac, mac="")
    return replace(unsigned, mac=checkpoint_mac(key, unsigned))


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last position and hash of the chain, as the writer left it."""

    seq: int
    chain_hash: str


@dataclass
class VerifyReport:
    """What `verify` found: counts, and the first problem (with the record it names), if any."""

    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    head: ChainHead | None = None
    checkpoints: int = 0
    purged_through: int = 0
    problems: list[str] = field(default_factory=list)
    bad_seq: int | None = None
    bad_record_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, message: str, seq: int | None = None, record_id: str | None = None) -> None:
        """Record the first problem; later ones are consequences and only listed."""
        if not self.problems:
            self.bad_seq, self.bad_record_id = seq, record_id
        self.problems.append(message)


def verify_chain(
    records: Iterable[StoredRecord],
    checkpoints: Sequence[Checkpoint],
    head: ChainHead,
    key: bytes,
) -> VerifyReport:
    """Walk the checkpoints, then every record in `seq` order; stop at the first broken link.

    `records` may be a stream of any length: it is consumed once, one record ahead.
    """
    report = VerifyReport(head=head, checkpoints=len(checkpoints))
    _verify_checkpoints(checkpoints, key, report)
    if not report.ok:
        return report
    anchors = {c.seq: c.chain_hash for c in checkpoints}
    # Only a purge may remove records: a periodic checkpoint never stands for missing ones.
    purged = {c.seq: c.chain_hash for c in checkpoints if c.kind == "purge"}
    report.purged_through = max(purged, default=0)

    stream = _with_next(iter(records))
    first = next(stream, None)
    if first is None:
        _check_empty(head, purged, report)
        return report
    current, following = first
    report.first_seq = current.seq
    if current.seq == 1:
        previous = GENESIS
    elif current.seq - 1 in purged:
        previous = purged[current.seq - 1]
    else:
        start = max((s for s in purged if s < current.seq), default=0) + 1
        report.fail(
            f"record seq {start} was removed: the first record left is seq {current.seq}, and "
            f"no purge checkpoint covers seq {start}–{current.seq - 1}",
            seq=start,
        )
        return report

    expected = current.seq
    while True:
        if current.seq != expected:
            report.fail(
                f"record seq {expected} was removed (the chain goes from seq {expected - 1} "
                f"to seq {current.seq})",
                seq=expected,
            )
            return report
        digest = link(previous, current)
        if digest != current.chain_hash:
            _explain_mismatch(previous, current, following, report)
            return report
        anchored = anchors.get(current.seq)
        if anchored is not None and anchored != digest:
            report.fail(
                f"records up to seq {current.seq} were rewritten: the authenticated checkpoint "
                f"at seq {current.seq} holds another hash",
                seq=current.seq,
                record_id=current.record_id,
            )
            return report
        report.records += 1
        report.last_seq = current.seq
        previous = digest
        expected += 1
        if following is None:
            break
        current, following = next(stream)

    _check_tail(previous, expected - 1, head, anchors, report)
    return report


def _verify_checkpoints(
    checkpoints: Sequence[Checkpoint], key: bytes, report: VerifyReport
) -> None:
    """Check each checkpoint's MAC and its link to the previous one."""
    prev_mac = ""
    for number, point in enumerate(checkpoints, start=1):
        if point.prev_mac != prev_mac:
            report.fail(
                f"checkpoint {number} (seq {point.seq}) does not follow checkpoint {number - 1}: "
                "a checkpoint was removed or reordered",
                seq=point.seq,
            )
            return
        if not hmac.compare_digest(checkpoint_mac(key, point), point.mac):
            report.fail(
                f"checkpoint {number} (seq {point.seq}) is not authentic: its MAC does not "
                "match (altered, or written with another key)",
                seq=point.seq,
            )
            return
        prev_mac = point.mac


def _explain_mismatch(
    previous: str,
    current: StoredRecord,
    following: StoredRecord | None,
    report: VerifyReport,
) -> None:
    """Say whether the record at `current.seq` was altered or swapped with the next one."""
    where = f"record seq {current.seq} (record_id {current.record_id})"
    if following is not None and link(previous, following) == following.chain_hash:
        report.fail(
            f"{where} is out of order: seq {following.seq} (record_id {following.record_id}) "
            f"was chained right after seq {current.seq - 1}; the two were swapped",
            seq=current.seq,
            record_id=current.record_id,
        )
    elif following is not None and link(current.chain_hash, following) == following.chain_hash:
        report.fail(
            f"{where} was altered after it was written: its content no longer matches its hash",
            seq=current.seq,
            record_id=current.record_id,
        )
    else:
        report.fail(
            f"{where} does not follow the chain: it was altered (with its hash), or a record "
            "was inserted or removed before it",
            seq=current.seq,
            record_id=current.record_id,
        )


def _check_empty(head: ChainHead, purged: dict[int, str], report: VerifyReport) -> None:
    """No record left: the head must be the start, or a purge checkpoint must stand for it."""
    if head.seq == 0 and head.chain_hash == GENESIS:
        return
    if purged.get(head.seq) == head.chain_hash:
        return
    start = max((s for s in purged if s < head.seq), default=0) + 1
    report.fail(
        f"records seq {start}–{head.seq} were removed: the chain head is at seq {head.seq} "
        "and no checkpoint covers them",
        seq=start,
    )


def _check_tail(
    last_hash: str, last_seq: int, head: ChainHead, anchors: dict[int, str], report: VerifyReport
) -> None:
    beyond = [s for s in anchors if s > last_seq]
    if head.seq > last_seq or beyond:
        end = max([head.seq, *beyond])
        report.fail(
            f"record seq {last_seq + 1} was removed: the chain ends at seq {last_seq} but was "
            f"written up to seq {end}",
            seq=last_seq + 1,
        )
    elif head.seq < last_seq or head.chain_hash != last_hash:
        report.fail(
            f"the chain head (seq {head.seq}) does not match the last record (seq {last_seq})",
            seq=last_seq,
        )


def _with_next(
    items: Iterator[StoredRecord],
) -> Iterator[tuple[StoredRecord, StoredRecord | None]]:
    """Yield each item with the one after it (None for the last), reading one ahead."""
    current = next(items, None)
    while current is not None:
        following = next(items, None)
        yield current, following
        current = following
