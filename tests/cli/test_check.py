"""`consentry check [FILE]`: one line per problem, errors on stderr, exit 1 on any error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from consentry.cli import app
from tests.catalog_double import force_catalog_double

ROOT = Path(__file__).parent.parent.parent
REFERENCE = ROOT / "examples" / "mastermi-learning" / "consentry.toml"
DECLARATIONS = ROOT / "tests" / "declarations"
_EXPECT = re.compile(r"^\s*#\s*expect:\s*(error|warning)\s+(\S+)\s+(\S+)\s*$", re.MULTILINE)
# file:line:col: severity Rxx: field: message (hint; source)
_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning)(?: (?P<rule>R\d\d))?"
    r": (?P<field>[^:\s]+): (?P<message>.+?)(?: \((?P<hint>.+)\))?$"
)

runner = CliRunner()


@pytest.fixture(autouse=True)
def _catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    force_catalog_double(monkeypatch)


def test_reference_declaration_passes() -> None:
    result = runner.invoke(app, ["check", str(REFERENCE)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.rstrip().endswith(f"{REFERENCE}: OK (3 warning(s))")


def test_reference_warns_only_of_cookies_that_outlive_13_months() -> None:
    # Google Analytics writes _ga and _ga_* for 2 years by default and Vimeo its vuid: true
    # facts the site should weigh (R39), not errors.
    result = runner.invoke(app, ["check", str(REFERENCE)])
    warnings = [m for m in map(_LINE.match, result.stdout.splitlines()) if m]
    assert [(m["severity"], m["rule"], m["field"]) for m in warnings] == [
        ("warning", "R39", "services[3].cookies[0].lifetime"),
        ("warning", "R39", "services[3].cookies[1].lifetime"),
        ("warning", "R39", "services[5].cookies[0].lifetime"),
    ]
    assert '"_ga"' in warnings[0]["message"] and '"vuid"' in warnings[2]["message"]


def test_config_option_is_the_default_file(tmp_path: Path) -> None:
    copy = tmp_path / "consentry.toml"
    copy.write_bytes(REFERENCE.read_bytes())
    result = runner.invoke(app, ["check", "--config", str(copy)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", sorted(DECLARATIONS.glob("broken-*.toml")), ids=lambda p: p.stem)
def test_broken_declaration_is_reported_line_by_line(path: Path) -> None:
    announced = _EXPECT.findall(path.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["check", str(path)])
    summary = f"{path}: "
    errors = [_LINE.match(x) for x in result.stderr.splitlines() if not x.startswith(summary)]
    warnings = [_LINE.match(x) for x in result.stdout.splitlines() if not x.startswith(summary)]
    assert all(errors) and all(warnings), result.output  # every problem on one parseable line
    assert sorted(m["field"] for m in errors if m) == sorted(
        f for s, _, f in announced if s == "error"
    )
    assert sorted(m["field"] for m in warnings if m) == sorted(
        f for s, _, f in announced if s == "warning"
    )
    assert all(m["file"] == str(path) for m in errors + warnings if m)
    if any(s == "error" for s, _, _ in announced):
        assert result.exit_code == 1
        assert result.stderr.rstrip().endswith("warning(s)")
    else:
        assert result.exit_code == 0
        assert result.stdout.rstrip().endswith("warning(s))")


def test_error_line_has_every_part() -> None:
    path = DECLARATIONS / "broken-choice-over-13-months.toml"
    result = runner.invoke(app, ["check", str(path)])
    first = result.stderr.splitlines()[0]
    assert first == (
        f"{path}:10:1: error R24: site.consent_lifetime: the choice is kept 2 years; consent "
        'must be asked again well before 13 months (write consent_lifetime = "6 months" (the '
        "CNIL recommendation); CNIL-REC art. 2 §2.4; CNIL-2013; EDPB-CONSENT §5.1)"
    )


def test_typo_suggests_the_right_key() -> None:
    result = runner.invoke(app, ["check", str(DECLARATIONS / "broken-loader-typos.toml")])
    assert result.exit_code == 1
    assert 'site.langauges: unknown key "langauges" (did you mean "languages"?)' in result.stderr
    assert 'unknown service "youtub" (did you mean "youtube"?)' in result.stderr


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr
    assert "Traceback" not in result.output


def test_directory_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(max_size=600))
def test_any_bytes_exit_1_without_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "consentry.toml"
    path.write_bytes(data)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.strip()


def test_without_argument_reads_consentry_toml_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = runner.invoke(app, ["check"])
    assert missing.exit_code == 1
    assert "consentry.toml: error: no such file" in missing.stderr
    (tmp_path / "consentry.toml").write_bytes(REFERENCE.read_bytes())
    assert runner.invoke(app, ["check"]).exit_code == 0
