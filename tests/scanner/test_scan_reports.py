"""Reports rendered from recorded observations: valid, escaped, stamped (no browser)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from consentry.errors import ScanError
from consentry.scanner import check_scan, scan_from_dict, sort_findings
from consentry.scanner.observations import AFTER_CHOICE, to_dict
from consentry.scanner.pipeline import ScanResult
from consentry.scanner.reports import schema, write_reports
from tests.scanner.scan_recorded import (
    CLEAN_BANNER,
    StubKnowledge,
    cookie,
    declaration,
    request,
    run,
    scan,
)

KNOW = StubKnowledge()
STAMP = {
    "tool": "consentry 0.1.0",
    "browser": "Chromium 156",
    "scanned_at": "2026-09-21T00:00:00+00:00",
    "cookie_database": "ocd 0ee5a17",
    "tracker_list": "sha256:abc",
    "public_suffix_list": "1.1.2",
}


def result() -> ScanResult:
    d = declaration()
    recorded = scan(
        run(
            "no-interaction",
            cookie("<img src=x onerror=alert(1)>", months=25),
            request("https://ads.tracker.test/p.gif"),
            banner=CLEAN_BANNER,
            choice_made=False,
        ),
        run("accept-all", cookie("=HYPERLINK(1)", phase=AFTER_CHOICE)),
    )
    findings = sort_findings(check_scan(recorded, d, KNOW))
    return ScanResult(recorded, findings, {}, STAMP, d)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    write_reports(result(), ["html", "json", "csv", "junit"], tmp_path, knowledge=KNOW)
    return tmp_path


def test_json_follows_its_shipped_schema_and_round_trips(written: Path) -> None:
    data = json.loads((written / "consentry-scan.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    assert data["schema_version"] == 1 and data["stamp"] == STAMP
    assert scan_from_dict(data["observations"]) == result().scan
    assert data["summary"]["errors"] == len(
        [f for f in data["findings"] if f["severity"] == "error"]
    )
    assert "host ads.tracker.test" not in data["unknowns"]  # declared by the "ads" service


def test_html_escapes_what_the_site_wrote(written: Path) -> None:
    html = (written / "consentry-scan.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html
    assert "Content-Security-Policy" in html and "'unsafe-inline'" not in html
    assert "consentry 0.1.0" in html and "Chromium 156" in html


def test_csv_has_one_row_per_item_and_defuses_formulas(written: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((written / "consentry-cookies.csv").read_text())))
    names = {r["name"] for r in rows}
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names
    long_lived = next(r for r in rows if r["name"].startswith("<img"))
    assert float(long_lived["requested_days"]) == pytest.approx(760.9, abs=0.1)
    assert long_lived["declared"] == "no"


def test_junit_fails_only_at_the_threshold(tmp_path: Path) -> None:
    write_reports(result(), ["junit"], tmp_path, fail_on="never", knowledge=KNOW)
    suite = ET.parse(tmp_path / "consentry-scan.junit.xml").getroot()
    assert suite.get("failures") == "0"
    write_reports(result(), ["junit"], tmp_path, fail_on="error", knowledge=KNOW)
    suite = ET.parse(tmp_path / "consentry-scan.junit.xml").getroot()
    failed = [c.get("name", "") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert any(n.startswith("request-before-choice") for n in failed)
    assert suite.find("properties") is not None


def test_an_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match="unknown report format pdf"):
        write_reports(result(), ["pdf"], tmp_path, knowledge=KNOW)


def test_observations_round_trip_through_a_dict() -> None:
    recorded = result().scan
    assert scan_from_dict(json.loads(json.dumps(to_dict(recorded)))) == recorded
