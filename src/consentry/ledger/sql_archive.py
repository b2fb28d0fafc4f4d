"""The archive tables of `SqlStore`: published versions and the documents made from them.

Rows are only ever inserted (`ON CONFLICT DO NOTHING`): an archived version or document is
never changed, and publishing the same one again is a no-op.
"""

from __future__ import annotations

import orjson
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from consentry.ledger import schema
from consentry.ledger.archive import ArchivedVersion, DocumentInfo, VersionArchive
from consentry.ledger.intake import VersionRules


def store_version(
    connection: Connection, archive: VersionArchive, stamp: int, postgres: bool
) -> None:
    """Insert the version (if new) and each of its documents (if new), at `stamp` (ms)."""
    insert = postgresql.insert if postgres else sqlite.insert
    connection.execute(
        insert(schema.versions)
        .values(
            version=archive.version,
            published_at=stamp,
            declaration=archive.declaration,
            declaration_sha256=archive.declaration_sha256,
            rules=orjson.dumps(archive.rules.to_json()).decode(),
        )
        .on_conflict_do_nothing(index_elements=["version"])
    )
    for document in archive.documents:
        connection.execute(
            insert(schema.documents)
            .values(
                version=archive.version,
                kind=document.kind,
                language=document.language,
                sha256=document.sha256,
                content=document.content,
                archived_at=stamp,
            )
            .on_conflict_do_nothing(index_elements=["version", "kind", "language", "sha256"])
        )


def read_version(connection: Connection, version: str) -> ArchivedVersion | None:
    row = connection.execute(
        select(schema.versions).where(schema.versions.c.version == version)
    ).first()
    if row is None:
        return None
    d = schema.documents.c
    documents = connection.execute(
        select(d.kind, d.language, d.sha256, d.archived_at)
        .where(d.version == version)
        .order_by(d.id)
    ).all()
    return ArchivedVersion(
        version=row.version,
        published_at=row.published_at,
        declaration_sha256=row.declaration_sha256,
        rules=VersionRules.from_json(orjson.loads(row.rules)),
        documents=[DocumentInfo(*document) for document in documents],
    )


def read_document(connection: Connection, version: str, kind: str, language: str) -> str | None:
    """The latest document of that kind and language archived for `version`."""
    d = schema.documents.c
    content = connection.execute(
        select(d.content)
        .where(d.version == version, d.kind == kind, d.language == language)
        .order_by(d.id.desc())
        .limit(1)
    ).scalar()
    return None if content is None else str(content)


def read_versions(connection: Connection) -> dict[str, VersionRules]:
    rows = connection.execute(select(schema.versions.c.version, schema.versions.c.rules)).all()
    return {row.version: VersionRules.from_json(orjson.loads(row.rules)) for row in rows}
