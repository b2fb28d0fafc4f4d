"""The consent ledger: proof of every choice, hash-chained, archived with what was shown.

Open a store with `open_store(url)`; the web app feeds it through a `GroupCommitter` and an
`Intake`, the CLI verifies, exports and purges it. See docs/ledger.md.
"""

from consentry.ledger.archive import (
    BANNER_TEXTS,
    DECLARATION,
    POLICY_HTML,
    ArchivedVersion,
    Document,
    DocumentInfo,
    VersionArchive,
)
from consentry.ledger.chain import GENESIS, ChainHead, Checkpoint, VerifyReport, link, verify_chain
from consentry.ledger.database import DEFAULT_FILE, default_url, mask_url
from consentry.ledger.export import COLUMNS, ExportFormat, export
from consentry.ledger.group_commit import CommitStats, GroupCommitter
from consentry.ledger.intake import (
    MAX_BODY,
    ConsentSubmission,
    Intake,
    RequestFacts,
    VersionRules,
    origin_of,
)
from consentry.ledger.minimize import strip_url, truncate_ip, user_agent_family
from consentry.ledger.records import (
    AppendResult,
    NewRecord,
    StoredRecord,
    canonical,
    hash_secret,
    iso_ms,
)
from consentry.ledger.retention import DEFAULT_RETENTION, purge_cutoff
from consentry.ledger.state import GPC_REFUSED, ConsentState, consent_state
from consentry.ledger.store import ConsentStore, PurgeReport, open_store

__all__ = [
    "BANNER_TEXTS",
    "COLUMNS",
    "DECLARATION",
    "DEFAULT_FILE",
    "DEFAULT_RETENTION",
    "GENESIS",
    "GPC_REFUSED",
    "MAX_BODY",
    "POLICY_HTML",
    "AppendResult",
    "ArchivedVersion",
    "ChainHead",
    "Checkpoint",
    "CommitStats",
    "ConsentState",
    "ConsentStore",
    "ConsentSubmission",
    "Document",
    "DocumentInfo",
    "ExportFormat",
    "GroupCommitter",
    "Intake",
    "NewRecord",
    "PurgeReport",
    "RequestFacts",
    "StoredRecord",
    "VerifyReport",
    "VersionArchive",
    "VersionRules",
    "canonical",
    "consent_state",
    "default_url",
    "export",
    "hash_secret",
    "iso_ms",
    "link",
    "mask_url",
    "open_store",
    "origin_of",
    "purge_cutoff",
    "strip_url",
    "truncate_ip",
    "user_agent_family",
    "verify_chain",
]
