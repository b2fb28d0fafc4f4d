"""`consentry ledger verify | export | purge`: check, hand over and trim the consent ledger."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from consentry.cli._app import ConfigOption, DbOption, err, out
from consentry.declaration import load_declaration
from consentry.errors import ChainBroken
from consentry.ledger import (
    ConsentStore,
    StoredRecord,
    default_url,
    export,
    open_store,
    purge_cutoff,
)

KeyFileOption = typer.Option(
    None,
    "--key-file",
    envvar="CONSENTRY_LEDGER_KEY_FILE",
    help="Checkpoint key (default: beside a SQLite database, or beside the config).",
)
KEY_FILE = "consentry-ledger.key"

ledger_app = typer.Typer(
    name="ledger", help="Verify, export and purge the consent ledger.", no_args_is_help=True
)


def store_for(
    config: Path, db: str | None, key_file: Path | None, *, create: bool = False
) -> ConsentStore:
    """Open the ledger a command names: --db, else SQLite beside the config.

    Only `serve` creates it (`create`); the ledger commands refuse a SQLite file that is not
    there rather than verify or export a new empty one.
    """
    url = db or default_url(config)
    if key_file is None and not url.startswith("sqlite"):
        key_file = config.resolve().parent / KEY_FILE
    return open_store(url, key_file, create=create)


@ledger_app.command()
def verify(
    config: Path = ConfigOption, db: str | None = DbOption, key_file: Path | None = KeyFileOption
) -> None:
    """Re-walk the hash chain and its checkpoints; name the first record that is wrong."""
    store = store_for(config, db, key_file)
    try:
        report = store.verify()
    finally:
        store.close()
    if not report.ok:
        raise ChainBroken(f"{store.url}: {report.problems[0]}")
    head = report.head
    span = f"seq {report.first_seq}–{report.last_seq}" if report.records else "none left"
    out.print(
        f"OK: {report.records} record(s) ({span}), {report.checkpoints} checkpoint(s), "
        f"purged through seq {report.purged_through}",
        markup=False,
    )
    if head is not None:
        out.print(f"chain head: seq {head.seq} {head.chain_hash}", markup=False)


@ledger_app.command(name="export")
def export_command(
    *,
    config: Path = ConfigOption,
    db: str | None = DbOption,
    key_file: Path | None = KeyFileOption,
    format: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    since: str | None = typer.Option(None, "--since", help="From this date or time (UTC)."),
    until: str | None = typer.Option(None, "--until", help="Before this date or time (UTC)."),
    out_file: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
) -> None:
    """Stream records received in [since, until) as JSON Lines or CSV, for an auditor."""
    if format not in ("jsonl", "csv"):
        raise typer.BadParameter("use jsonl or csv", param_hint="--format")
    start, end = _moment(since, "--since"), _moment(until, "--until")
    store = store_for(config, db, key_file)
    try:
        handle = sys.stdout if out_file is None else _open_out(out_file)
        try:
            records = store.iter_range(start, end)
            if sys.stderr.isatty():
                records = _with_progress(records, store.count(start, end))
            written = export(records, handle, "csv" if format == "csv" else "jsonl")
            handle.flush()
        finally:
            if handle is not sys.stdout:
                handle.close()
    finally:
        store.close()
    err.print(f"exported {written} record(s)", markup=False)


@ledger_app.command()
def purge(
    config: Path = ConfigOption, db: str | None = DbOption, key_file: Path | None = KeyFileOption
) -> None:
    """Delete records older than `[ledger] retention`, leaving purge checkpoints (R37)."""
    declaration = load_declaration(config)
    now = datetime.now(UTC)
    before = purge_cutoff(declaration, now)
    store = store_for(config, db, key_file)
    try:
        report = store.purge(before, now, {"retention": str(declaration.ledger.retention)})
    finally:
        store.close()
    out.print(
        f"purged {report.purged} record(s) received before {before:%Y-%m-%d %H:%M} UTC "
        f"(retention {declaration.ledger.retention}); chain verified and checkpointed "
        f"through seq {report.through_seq}",
        markup=False,
    )


def _open_out(path: Path) -> TextIO:
    """The --out file; a path that cannot be written is a usage error, not a traceback."""
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot write {path}: {exc.strerror}", param_hint="--out"
        ) from None


def _moment(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; write 2026-01-31 or 2026-01-31T12:00:00Z",
            param_hint=option,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _with_progress(records: Iterable[StoredRecord], total: int) -> Iterator[StoredRecord]:
    """Show a progress bar on the terminal (stderr), never in the exported data."""
    columns = (
        TextColumn("exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("export", total=total)
        for count, record in enumerate(records, start=1):
            yield record
            if count % 1000 == 0:
                progress.update(task, completed=count)
        progress.update(task, completed=total)


def register(app: typer.Typer) -> None:
    app.add_typer(ledger_app)
