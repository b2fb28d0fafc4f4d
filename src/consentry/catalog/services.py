"""The built-in service definitions: one TOML file per service in `services/`.

Each file holds the fields of a `[[services]]` entry of a declaration (provider, privacy
policy, hosts, category, cookies…); a declaration's `use = "<id>"` starts from it and may
override any field. The catalog imports nothing of ours, so it hands out plain dicts.
"""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from consentry.errors import CatalogError

_FOLDER = files("consentry.catalog") / "services"


@cache
def service_ids() -> tuple[str, ...]:
    """Ids of every catalog service, sorted."""
    return tuple(
        sorted(
            entry.name[: -len(".toml")]
            for entry in _FOLDER.iterdir()
            if entry.name.endswith(".toml")
        )
    )


def service_entry(service_id: str) -> dict[str, Any] | None:
    """A fresh copy of the catalog entry for `service_id`, or None if the catalog lacks it."""
    if service_id not in service_ids():
        return None
    return copy.deepcopy(_load(service_id))


def catalog_file(service_id: str) -> str:
    """Where a catalog entry lives, for messages."""
    return f"consentry/catalog/services/{service_id}.toml"


@cache
def _load(service_id: str) -> dict[str, Any]:
    resource = _FOLDER / f"{service_id}.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{catalog_file(service_id)}: {exc}") from exc
    data.setdefault("id", service_id)
    return data
