"""Every error Consentry raises on purpose, in one tree.

    ConsentryError                  exit 1: something the user can act on
    ├── DeclarationError            consentry.toml is unreadable or invalid (carries .problems)
    ├── CatalogError                a built-in catalog file is broken (a bug in the package)
    ├── LedgerError                 the consent ledger
    │   ├── ChainBroken             `ledger verify` found an altered, removed or reordered record
    │   ├── InvalidRecord           a submitted consent record is refused (carries .field, .status)
    │   └── StoreUnavailable        the database cannot be reached or opened
    └── ScanError                   the scanner
        ├── BrowserNotFound         no Chromium binary where we looked
        └── SiteUnreachable         the site to scan did not answer

This module imports nothing of ours, so every package can raise from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located well enough for a person to fix it."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    rule: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        tag = f"{self.severity}"
        if self.rule:
            tag += f" {self.rule}"
        text = (
            f"{where}: {tag}: {self.field}: {self.message}"
            if self.field
            else (f"{where}: {tag}: {self.message}")
        )
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConsentryError(Exception):
    """Root of the errors a user can act on; the CLI prints them and exits with `exit_code`."""

    exit_code = 1


class DeclarationError(ConsentryError):
    """The declaration could not be loaded; `problems` lists every reason, in file order."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __str__(self) -> str:
        lines = [super().__str__(), *(str(p) for p in self.problems)]
        return "\n".join(lines)


class CatalogError(ConsentryError):
    """A catalog data file shipped with the package is invalid."""


class LedgerError(ConsentryError):
    """The consent ledger could not do what was asked."""


class ChainBroken(LedgerError):
    """The hash chain does not verify; the message names the first bad record."""


class InvalidRecord(LedgerError):
    """A consent record sent to the API is refused; nothing was stored.

    `field` names the part of the request at fault (a JSON field, or a header such as
    `Content-Type`), `status` the HTTP status the API answers with (400, 413, 415, 422).
    """

    def __init__(self, detail: str, field: str, status: int = 422) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.status = status


class StoreUnavailable(LedgerError):
    """The database could not be opened or reached."""


class AddressInUse(ConsentryError):
    """A server command cannot listen where it was asked to."""


class ScanError(ConsentryError):
    """The scanner could not run."""


class BrowserNotFound(ScanError):
    """No usable Chromium binary was found."""


class SiteUnreachable(ScanError):
    """The site to scan did not answer."""
