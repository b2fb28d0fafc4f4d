"""`consentry policy`: writes the page for a declaration, in a language and a format."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from consentry.cli import app
from consentry.declaration import Declaration

REFERENCE = Path(__file__).parents[2] / "examples" / "mastermi-learning" / "consentry.toml"
runner = CliRunner()


def test_writes_markdown_in_english_to_out(tmp_path: Path, reference: Declaration) -> None:
    out = tmp_path / "cookie-policy.md"
    args = ["policy", "--config", str(REFERENCE), "--lang", "en", "--format", "markdown"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Cookie policy — MasterMI Learning")
    assert reference.policy_version in text
    assert "VISITOR\\_INFO1\\_LIVE" in text and "| vuid |" in text


def test_writes_html_in_the_default_language_to_stdout() -> None:
    result = runner.invoke(app, ["policy", "--config", str(REFERENCE)])
    assert result.exit_code == 0
    assert result.stdout.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "data-consentry-open" in result.stdout


def test_refuses_an_unknown_format_or_language(tmp_path: Path) -> None:
    out = tmp_path / "never.html"
    bad_format = ["policy", "--config", str(REFERENCE), "--format", "pdf", "--out", str(out)]
    result = runner.invoke(app, bad_format)
    assert result.exit_code == 2 and "html or markdown" in result.output
    bad_lang = ["policy", "--config", str(REFERENCE), "--lang", "de", "--out", str(out)]
    result = runner.invoke(app, bad_lang)
    assert result.exit_code == 2 and "fr, en" in result.output
    assert not out.exists()


def test_a_missing_declaration_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_an_unwritable_out_file_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "policy.html"
    result = runner.invoke(app, ["policy", "--config", str(REFERENCE), "--out", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {out}: No such file or directory" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
