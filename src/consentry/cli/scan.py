"""`consentry scan URL`: drive Chromium through the consent scenarios and report the findings.

Thin: parse the options, call `scan_site`, write the reports, print a summary, and exit 1 when
findings reach `--fail-on` (the CI contract).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from consentry.cli._app import err, out
from consentry.declaration import Declaration, load_declaration
from consentry.errors import ScanError
from consentry.scanner import at_or_above
from consentry.scanner.blind import blind_declaration
from consentry.scanner.driver import DEFAULT_BROWSER, BrowserOptions
from consentry.scanner.pipeline import DEFAULT_PARALLEL, ScanRequest, ScanResult, scan_site
from consentry.scanner.reports import FORMATS, render_report, write_reports

_FAIL_ON = ("error", "warning", "never")


def scan(  # noqa: PLR0917 - Typer maps each parameter to an option
    url: str = typer.Argument(..., help="The page to start from (http:// or https://)."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="The declaration (default: ./consentry.toml if present)."
    ),
    pages: int | None = typer.Option(
        None, "--pages", min=1, max=50, help="Pages per scenario: URL plus internal links (2)."
    ),
    urls: Path | None = typer.Option(
        None, "--urls", help="File of further URLs to visit, one per line (instead of --pages)."
    ),
    formats: str | None = typer.Option(
        None,
        "--format",
        help=f"Report formats, comma-separated: {','.join(FORMATS)} (default html,json).",
    ),
    out_dir: Path | None = typer.Option(
        None,
        "--out",
        help="Folder for the reports (without it: a summary, or one format, on stdout).",
    ),
    fail_on: str = typer.Option(
        "error", "--fail-on", help="Exit 1 when a finding reaches: error, warning or never."
    ),
    browser: str = typer.Option(
        DEFAULT_BROWSER,
        "--browser",
        envvar="CONSENTRY_CHROMIUM",
        help="Chromium binary (the real binary, not the /usr/bin launcher).",
    ),
    browser_args: list[str] = typer.Option(
        [], "--browser-arg", help="A Chromium flag, e.g. --host-resolver-rules=… (repeatable)."
    ),
    proxy: str | None = typer.Option(None, "--proxy", help="Proxy URL for the browser."),
    ignore_https_errors: bool = typer.Option(
        False, "--ignore-https-errors", help="Accept self-signed certificates (staging)."
    ),
    parallel: int = typer.Option(
        DEFAULT_PARALLEL, "--parallel", min=1, max=16, help="Scenarios at once."
    ),
) -> None:
    """Scan a site in headless Chromium: no interaction, refuse, accept, each purpose, withdraw."""
    if fail_on not in _FAIL_ON:
        raise typer.BadParameter(
            f"choose error, warning or never, not {fail_on!r}", param_hint="--fail-on"
        )
    if pages is not None and urls is not None:
        raise typer.BadParameter("give --pages or --urls, not both", param_hint="--urls")
    given = "html,json" if formats is None else formats
    wanted = [f.strip() for f in given.split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise typer.BadParameter(
            f"unknown format {', '.join(bad) or '(none)'}; choose among {', '.join(FORMATS)}",
            param_hint="--format",
        )
    if out_dir is None and formats is not None and len(wanted) > 1:
        raise typer.BadParameter("several formats need --out DIR", param_hint="--out")
    start = _check_url(url)
    extra = _read_urls(urls) if urls is not None else []
    declaration = _declaration(config, start)
    request = ScanRequest(
        pages=(start, *extra),
        max_pages=(1 + len(extra)) if urls is not None else (pages or 2),
        browser=BrowserOptions(
            executable=browser,
            args=tuple(browser_args),
            proxy=proxy,
            ignore_https_errors=ignore_https_errors,
        ),
        parallel=parallel,
    )
    result = _run(request, declaration)
    if out_dir is not None:
        for path in write_reports(result, wanted, out_dir, fail_on=fail_on):
            err.print(f"wrote {path}", markup=False)
        _summary(result)
    elif formats is None:
        _summary(result)
    else:
        _to_stdout(result, wanted[0], fail_on)
    if at_or_above(result.findings, fail_on):
        raise typer.Exit(1)


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise typer.BadParameter(f"{url!r} is not an http(s) URL", param_hint="URL")
    return url


def _read_urls(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ScanError(f"{path}: cannot be read ({exc.strerror})") from exc
    found = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = urlsplit(line)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ScanError(f"{path}:{number}: {line!r} is not an http(s) URL")
        found.append(line)
    return found


def _declaration(config: Path | None, url: str) -> Declaration:
    if config is not None:
        return load_declaration(config)
    default = Path("consentry.toml")
    if default.exists():
        return load_declaration(default)
    err.print(
        "no consentry.toml here: scanning against an empty declaration (every tracker will "
        "be reported as undeclared); pass --config FILE to check a site's promises",
        markup=False,
    )
    return blind_declaration(url)


def _run(request: ScanRequest, declaration: Declaration) -> ScanResult:
    if not err.is_terminal:
        return scan_site(request, declaration)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err
    ) as bar:
        task = bar.add_task("scanning", total=None)

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"{name} done")

        return scan_site(request, declaration, progress=progress)


def _summary(result: ScanResult) -> None:
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = sum(f.severity == "warning" for f in result.findings)
    for f in result.findings:
        where = f" [{f.scenario}]" if f.scenario else ""
        out.print(f"{f.severity} {f.rule} {f.code} {f.subject}{where}: {f.message}", markup=False)
    out.print(
        f"{result.scan.url}: {errors} error(s), {warnings} warning(s) in "
        f"{len(result.scan.scenarios)} scenario(s), {result.scan.seconds:.1f} s",
        markup=False,
    )


def _to_stdout(result: ScanResult, fmt: str, fail_on: str) -> None:
    out.file.write(render_report(result, fmt, fail_on=fail_on))


def register(app: typer.Typer) -> None:
    app.command()(scan)
