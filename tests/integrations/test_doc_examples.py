"""The examples of docs/python-sites.md run as written, and the page shows them verbatim."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.util import setup_testing_defaults

import httpx
import pytest

from consentry.declaration import load_declaration
from consentry.rules import check_file
from tests.integrations.choices import choice_cookie_for

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "docs" / "examples" / "python-sites"
PAGE = ROOT / "docs" / "python-sites.md"


@pytest.fixture
def site_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the examples folder as the working directory (they load ./consentry.toml)."""
    folder = tmp_path / "site"
    shutil.copytree(EXAMPLES, folder)
    monkeypatch.chdir(folder)
    yield folder


def load(path: Path) -> ModuleType:
    name = f"doc_example_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def choices() -> dict[str, str]:
    build = choice_cookie_for(load_declaration(EXAMPLES / "consentry.toml"))
    return {
        "none": "",
        "accepted": build(accept_all=True),
        "refused": build(),
        "expired": build(accept_all=True, decided_at=datetime.now(UTC) - timedelta(days=200)),
    }


@pytest.mark.parametrize(
    "name", ["fastapi_site.py", "flask_site.py", "wsgi_site.py", "held_site.py"]
)
def test_the_page_shows_each_example_verbatim(name: str) -> None:
    assert (EXAMPLES / name).read_text(encoding="utf-8").strip() in PAGE.read_text(encoding="utf-8")


def test_the_page_shows_the_declaration_and_the_django_settings() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert (EXAMPLES / "consentry.toml").read_text(encoding="utf-8").strip() in page
    assert (EXAMPLES / "django_settings.py").read_text(encoding="utf-8").strip() in page
    assert (EXAMPLES / "templates" / "home.html").read_text(encoding="utf-8").strip() in page


def test_the_example_declaration_passes_consentry_check() -> None:
    declaration, problems = check_file(EXAMPLES / "consentry.toml")
    assert declaration is not None
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_the_fastapi_example(site_folder: Path) -> None:
    app = load(site_folder / "fastapi_site.py").app

    async def get(cookie: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://www.example.com") as c:
            return await c.get("/", headers={"cookie": f"cookie_consent={cookie}"})

    for case, cookie in choices().items():
        response = asyncio.run(get(cookie))
        accepted = case == "accepted"
        assert ("_ga" in response.headers.get("set-cookie", "")) is accepted, case
        assert ("<iframe" in response.text) is accepted, case
        assert ("data-consentry-open" in response.text) is not accepted, case


def test_the_flask_example(site_folder: Path) -> None:
    app = load(site_folder / "flask_site.py").app
    for case, cookie in choices().items():
        client = app.test_client()
        if cookie:
            client.set_cookie("cookie_consent", cookie)
        response = client.get("/")
        accepted = case == "accepted"
        assert ("_ga" in response.headers.get("Set-Cookie", "")) is accepted, case
        assert ("<iframe" in response.get_data(as_text=True)) is accepted, case


def test_the_wsgi_example(site_folder: Path) -> None:
    application = load(site_folder / "wsgi_site.py").application
    sent: list[list[tuple[str, str]]] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        sent.append(headers)

    for case, cookie in choices().items():
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ["HTTP_COOKIE"] = f"cookie_consent={cookie}"
        body = b"".join(application(environ, start_response))
        accepted = case == "accepted"
        assert any(k == "Set-Cookie" for k, _ in sent[-1]) is accepted, case
        assert body == f"audience: {accepted}\n".encode()


def test_the_held_markup_example(site_folder: Path) -> None:
    app = load(site_folder / "held_site.py").app

    async def get(cookie: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://www.example.com") as c:
            headers = {"cookie": f"cookie_consent={cookie}", "accept-encoding": "gzip"}
            return await c.get("/cours", headers=headers)

    for case, cookie in choices().items():
        response = asyncio.run(get(cookie))
        accepted = case == "accepted"
        assert "Cookie" in response.headers["vary"], case
        gtag = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX">'
        pixel = '<img src="https://www.google-analytics.com/collect'
        assert (gtag in response.text) is accepted, case
        assert (pixel in response.text) is accepted, case
        assert ('data-consentry-service="google-analytics"' in response.text) is not accepted
