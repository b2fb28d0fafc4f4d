"""`consentry wordpress-plugin`: the zip, its version, its site data; the PHP parses."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from consentry import __version__
from consentry.cli import app
from consentry.declaration import Declaration
from consentry.integrations.wordpress import build_plugin, plugin_files, wp_consent_rules
from tests.conftest import REFERENCE, require
from tests.factories import make_declaration


def test_the_command_writes_a_zip_ready_to_upload(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["wordpress-plugin", "--config", str(REFERENCE), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "dist" / f"consentry-{__version__}.zip"
    assert str(target) in result.output.replace("\n", "")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        header = archive.read("consentry/consentry.php").decode()
        readme = archive.read("consentry/readme.txt").decode()
        site = json.loads(archive.read("consentry/site.json"))
    assert all(name.startswith("consentry/") for name in names)
    assert re.search(rf"^ \* Version:\s+{re.escape(__version__)}$", header, re.M)
    assert f"Stable tag: {__version__}" in readme
    assert "@CONSENTRY_VERSION@" not in header + readme
    assert site["cookie_name"] == "cookie_consent"
    assert site["lifetime"] == {"amount": 6, "unit": "months"}
    youtube = next(s for s in site["services"] if s["id"] == "youtube")
    assert youtube["consent_required"] and "www.youtube.com" in youtube["hosts"]
    matomo = next(s for s in site["services"] if s["id"] == "matomo")
    assert matomo["opt_out"] and not matomo["consent_required"]


def test_the_zip_has_the_same_bytes_for_the_same_declaration(
    tmp_path: Path, reference: Declaration
) -> None:
    first = build_plugin(reference, tmp_path / "a").read_bytes()
    second = build_plugin(reference, tmp_path / "b").read_bytes()
    assert first == second


def test_a_broken_declaration_is_reported_not_built(tmp_path: Path) -> None:
    config = tmp_path / "consentry.toml"
    config.write_text("[site]\nname = 1\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["wordpress-plugin", "--config", str(config), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 1
    assert "consentry.toml" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "dist").exists()


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, reference: Declaration) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["wordpress-plugin", "--config", str(REFERENCE), "--out", str(blocker / "dist")]
    )
    assert result.exit_code == 1
    assert "cannot write the plugin into" in result.output


def test_wp_consent_categories_follow_the_declared_purposes() -> None:
    site = make_declaration(
        services=[{"use": "matomo", "exempt": "audience-measurement"}, {"use": "youtube"}]
    )
    rules = wp_consent_rules(site)
    assert rules["functional"] == {"always": True}
    assert rules["preferences"]["purposes"] == ["functional"]
    assert rules["statistics"]["purposes"] == ["audience"]  # exempt Matomo's purpose is asked
    assert rules["statistics-anonymous"]["exempt_services"] == ["matomo"]
    assert rules["marketing"]["purposes"] == []  # nothing declared: never allowed


def test_every_php_file_of_the_plugin_parses(tmp_path: Path, reference: Declaration) -> None:
    if shutil.which("php") is None:
        require("php-cli")
    for name, data in plugin_files(reference).items():
        if not name.endswith(".php"):
            continue
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result = subprocess.run(
            ["php", "-l", str(path)], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_php_file_with_code_refuses_to_run_outside_wordpress(
    reference: Declaration,
) -> None:
    """Opening a plugin file by its URL must not run it (WordPress coding standards)."""
    for name, data in plugin_files(reference).items():
        if not name.endswith(".php") or name.endswith(("/index.php", "index.asset.php")):
            continue
        text = data.decode()
        guarded = "defined( 'ABSPATH' ) || exit;" in text
        guarded |= "defined( 'WP_UNINSTALL_PLUGIN' ) || exit;" in text
        assert guarded, name
