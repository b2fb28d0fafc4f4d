"""`consentry scan` argument handling: usage errors exit 2, our errors exit 1 (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from consentry.cli import app


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scan", *args])
    return result.exit_code, result.output


def test_a_url_that_is_not_http_is_a_usage_error() -> None:
    code, output = invoke("ftp://example.test/")
    assert code == 2 and "not an http(s) URL" in output


def test_pages_and_urls_together_are_refused(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://www.site.test/a\n")
    code, output = invoke("https://www.site.test/", "--pages", "3", "--urls", str(urls))
    assert code == 2 and "not both" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "--out", "x"], "unknown format pdf"),
        (["--format", "html,csv"], "several formats need --out"),
        (["--fail-on", "sometimes"], "choose error, warning or never"),
    ],
)
def test_bad_options_name_what_is_wrong(args: list[str], message: str) -> None:
    code, output = invoke("https://www.site.test/", *args)
    assert code == 2 and message in output


def test_a_missing_browser_says_where_it_looked_and_what_to_do(tmp_path: Path) -> None:
    code, output = invoke(
        "https://www.site.test/",
        "--browser",
        str(tmp_path / "nochrome"),
        "--config",
        str(Path(__file__).parent / "fixtures" / "compliant" / "consentry.toml"),
    )
    assert code == 1
    assert "no Chromium at" in output and "apt-get install chromium" in output


def test_a_bad_urls_file_names_the_line(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# pages\nhttps://www.site.test/a\nnot a url\n")
    code, output = invoke("https://www.site.test/", "--urls", str(urls))
    assert code == 1 and f"{urls}:3:" in output
