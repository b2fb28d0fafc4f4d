"""The Open Cookie Database ships inside the package with its LICENSE and NOTICE (Apache-2.0)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from consentry.catalog import service_ids
from consentry.catalog.corrections import corrections
from consentry.catalog.ocd import parse_ocd
from consentry.errors import CatalogError

ROOT = Path(__file__).parent.parent.parent
DATA = files("consentry.catalog") / "data"
UPSTREAM_COMMIT = "0ee5a17fe1cb002943f89370d24fc26a4226061c"


def test_license_and_notice_are_package_resources() -> None:
    license_text = (DATA / "LICENSE").read_text(encoding="utf-8")
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "https://github.com/jkwakman/Open-Cookie-Database" in notice
    assert UPSTREAM_COMMIT in notice
    assert "corrections.toml" in notice  # says where our changes are, §4(b)


def test_notice_names_every_correction_we_make() -> None:
    """Apache-2.0 §4(b): changes are marked; NOTICE must not fall behind corrections.toml."""
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    for fix in corrections().fixes:
        assert f"`{fix.name}`" in notice, f"NOTICE does not mention the {fix.name} correction"


def test_the_shipped_csv_is_the_file_notice_describes() -> None:
    """NOTICE says the CSV is verbatim: its sha256 must be the one NOTICE gives."""
    data = (DATA / "open-cookie-database.csv").read_bytes()
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    declared = re.search(r"sha256 ([0-9a-f]{64})", notice)
    assert declared is not None
    assert hashlib.sha256(data).hexdigest() == declared.group(1)
    assert len(parse_ocd(data.decode("utf-8"))) == 2264


def test_a_broken_data_file_is_a_catalog_error_naming_the_line() -> None:
    header = (DATA / "open-cookie-database.csv").read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(CatalogError, match="unexpected header"):
        parse_ocd("ID,Name\n1,x\n")
    with pytest.raises(CatalogError, match=r"csv:3: 2 fields"):
        parse_ocd(header + "\n" + "a,YouTube,Functional,YSC,,d,session,Google,,0\n" + "a,b\n")
    with pytest.raises(CatalogError, match=r"csv:2: unknown category 'Tracking'"):
        parse_ocd(header + "\na,YouTube,Tracking,YSC,,d,session,Google,,0\n")


def test_the_wheel_ships_the_data_files(tmp_path: Path) -> None:
    """Build the wheel as a user would get it and look inside (package data, not the source tree).

    The build runs on a copy of the project, so it leaves nothing behind in the work tree.
    """
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = out.glob("consentry-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("LICENSE", "NOTICE", "open-cookie-database.csv"):
        assert f"consentry/catalog/data/{name}" in names
    assert "consentry/catalog/corrections.toml" in names
    for service_id in service_ids():
        assert f"consentry/catalog/services/{service_id}.toml" in names
