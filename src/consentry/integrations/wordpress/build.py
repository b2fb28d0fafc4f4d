"""Build the WordPress plugin zip: the PHP shipped in `plugin/`, plus the site's `site.json`.

The zip holds one folder, `consentry/`, as WordPress expects of an uploaded plugin. Entries
have a fixed date and order, so the same declaration and version give the same bytes.
"""

from __future__ import annotations

import json
import zipfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from consentry import __version__
from consentry.declaration import Declaration
from consentry.errors import ConsentryError
from consentry.integrations.wordpress.site_data import plugin_site_data

SLUG = "consentry"
VERSION_MARK = "@CONSENTRY_VERSION@"
_EPOCH = (2020, 1, 1, 0, 0, 0)
_TEXT = {".php", ".js", ".json", ".txt", ".css", ".md"}


def plugin_files(declaration: Declaration, version: str = __version__) -> dict[str, bytes]:
    """Every file of the plugin by its path inside the zip (`consentry/...`)."""
    found: dict[str, bytes] = {}
    _collect(files("consentry.integrations.wordpress") / "plugin", SLUG, found)
    for name, data in found.items():
        if Path(name).suffix in _TEXT:
            found[name] = data.replace(VERSION_MARK.encode(), version.encode())
    site = plugin_site_data(declaration, version)
    found[f"{SLUG}/site.json"] = (json.dumps(site, ensure_ascii=False, indent=1) + "\n").encode()
    return dict(sorted(found.items()))


def build_plugin(declaration: Declaration, out_dir: Path, version: str = __version__) -> Path:
    """Write `consentry-VERSION.zip` into `out_dir` (created if needed); return its path."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{SLUG}-{version}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in plugin_files(declaration, version).items():
                info = zipfile.ZipInfo(name, _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
    except OSError as exc:
        raise ConsentryError(
            f"cannot write the plugin into {out_dir}: {exc.strerror or exc}"
        ) from None
    return target


def _collect(folder: Traversable, prefix: str, found: dict[str, bytes]) -> None:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            _collect(entry, name, found)
        else:
            found[name] = entry.read_bytes()
