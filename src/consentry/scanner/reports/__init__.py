"""Scan reports: self-contained HTML, JSON (versioned schema), CSV inventory, JUnit XML."""

from __future__ import annotations

from pathlib import Path

from consentry.errors import ScanError
from consentry.scanner.inventory import HostRow, InventoryRow, build_hosts, build_inventory
from consentry.scanner.knowledge import Knowledge, default_knowledge
from consentry.scanner.pipeline import ScanResult
from consentry.scanner.reports.csv_report import render_csv
from consentry.scanner.reports.html_report import render_html
from consentry.scanner.reports.json_report import SCHEMA_VERSION, render_json, report_data, schema
from consentry.scanner.reports.junit import render_junit

FORMATS = ("html", "json", "csv", "junit")
_FILES = {
    "html": "consentry-scan.html",
    "json": "consentry-scan.json",
    "csv": "consentry-cookies.csv",
    "junit": "consentry-scan.junit.xml",
}


def write_reports(
    result: ScanResult,
    formats: list[str],
    out: Path,
    *,
    fail_on: str = "error",
    knowledge: Knowledge | None = None,
) -> list[Path]:
    """Write each asked format into `out` (created if needed); the paths written."""
    _check_formats(formats)
    inventory, hosts = _inventory(result, knowledge)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScanError(f"cannot create the report folder {out}: {exc.strerror}") from exc
    written = []
    for fmt in formats:
        text = _render(result, fmt, inventory, hosts, fail_on)
        path = out / _FILES[fmt]
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ScanError(f"cannot write {path}: {exc.strerror}") from exc
        written.append(path)
    return written


def render_report(
    result: ScanResult, fmt: str, *, fail_on: str = "error", knowledge: Knowledge | None = None
) -> str:
    """One report as text (for `consentry scan --format X` without `--out`)."""
    _check_formats([fmt])
    inventory, hosts = _inventory(result, knowledge)
    return _render(result, fmt, inventory, hosts, fail_on)


def _check_formats(formats: list[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ScanError(
            f"unknown report format {', '.join(unknown)}; choose among {', '.join(FORMATS)}"
        )


def _inventory(
    result: ScanResult, knowledge: Knowledge | None
) -> tuple[list[InventoryRow], list[HostRow]]:
    know = knowledge or default_knowledge()
    return (
        build_inventory(result.scan, result.declaration, know),
        build_hosts(result.scan, result.declaration, know),
    )


def _render(
    result: ScanResult,
    fmt: str,
    inventory: list[InventoryRow],
    hosts: list[HostRow],
    fail_on: str,
) -> str:
    if fmt == "html":
        return render_html(result, inventory, hosts)
    if fmt == "json":
        return render_json(result, inventory, hosts)
    if fmt == "csv":
        return render_csv(inventory)
    return render_junit(result, fail_on)


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "render_csv",
    "render_html",
    "render_json",
    "render_junit",
    "render_report",
    "report_data",
    "schema",
    "write_reports",
]
