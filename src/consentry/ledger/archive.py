"""What the ledger keeps of each published policy version, so a visitor's view can be rebuilt.

R34 asks that every published version be archived, immutable, with a timestamp and hashes.
The archive holds the declaration itself (JSON) and any number of *documents* made from it:
the rendered policy page per language, the banner texts per language. Documents are keyed by
their SHA-256, so a wording fix that keeps the policy version (R27: not material) is archived
beside the earlier wording rather than over it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import orjson

from consentry.declaration import Declaration
from consentry.ledger.intake import VersionRules

DECLARATION = "declaration"
POLICY_HTML = "policy_html"
BANNER_TEXTS = "banner_texts"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One artefact of a version: `kind` (policy_html, banner_texts, …) in one language."""

    kind: str
    language: str
    content: str

    @property
    def sha256(self) -> str:
        return sha256_text(self.content)


@dataclass(frozen=True)
class VersionArchive:
    """Everything to archive for the version a declaration defines."""

    version: str
    declaration: str
    rules: VersionRules
    documents: tuple[Document, ...] = ()

    @classmethod
    def of(cls, declaration: Declaration, documents: tuple[Document, ...] = ()) -> VersionArchive:
        """The archive of `declaration`, with the documents the other packages rendered."""
        text = orjson.dumps(
            declaration.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2
        ).decode()
        return cls(declaration.policy_version, text, VersionRules.of(declaration), documents)

    @property
    def declaration_sha256(self) -> str:
        return sha256_text(self.declaration)


@dataclass(frozen=True)
class DocumentInfo:
    kind: str
    language: str
    sha256: str
    archived_at: int


@dataclass(frozen=True)
class ArchivedVersion:
    """A version as the archive holds it (times in ms since the epoch)."""

    version: str
    published_at: int
    declaration_sha256: str
    rules: VersionRules
    documents: list[DocumentInfo] = field(default_factory=list)
