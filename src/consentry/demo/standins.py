"""Stand-ins for the third parties: they set the cookies and send the beacons the real
services do (names from the catalog), so that blocking and deletion are observed for real.

Each answers under its own `*.localhost` host. Cookies that the real service sets on its own
domain are set here with `SameSite=None; Secure` (allowed on `*.localhost`, a secure
context); a browser that blocks third-party cookies drops them, as it would the real ones.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from consentry.demo.static_files import package_file

_YEAR = 365 * 86400


def _cookie(name: str, value: str, domain: str, max_age: int | None) -> str:
    age = f"; Max-Age={max_age}" if max_age else ""
    return f"{name}={value}; Domain={domain}; Path=/{age}; SameSite=None; Secure"


def _pixel(*cookies: str) -> Response:
    response = Response(status_code=204, headers={"cache-control": "no-store"})
    for cookie in cookies:
        response.headers.append("set-cookie", cookie)
    return response


def _player(title: str, beacon: str, storage_key: str | None, *cookies: str) -> Response:
    """A video player page: a dark box with a title, a stats beacon, maybe a storage key."""
    store = (
        f'try {{ localStorage.setItem("{storage_key}", String(Date.now())); }} catch (e) {{}}'
        if storage_key
        else ""
    )
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{margin:0;background:#111;color:#eee;font:18px system-ui;display:grid;
place-items:center;height:100vh}}</style></head><body><p>&#9654; {title}</p>
<script>{store}
new Image().src = "{beacon}?t=" + Date.now();</script></body></html>"""
    response = HTMLResponse(html, headers={"cache-control": "no-store"})
    for cookie in cookies:
        response.headers.append("set-cookie", cookie)
    return response


def standin_response(host: str, request: Request) -> Response:
    """The stand-in answer for `host` and the request path (404 for anything unknown)."""
    path = request.url.path
    visitor = secrets.token_hex(8)
    if host == "www.youtube.localhost":
        if path.startswith("/embed/"):
            return _player(
                "YouTube (demo stand-in)",
                "/api/stats/playback",
                "yt-remote-device-id",
                _cookie("YSC", visitor, ".youtube.localhost", None),
                _cookie("VISITOR_INFO1_LIVE", visitor, ".youtube.localhost", 180 * 86400),
            )
        if path == "/api/stats/playback":
            return _pixel()
    if host == "player.vimeo.localhost":
        if path.startswith("/video/"):
            return _player(
                "Vimeo (demo stand-in)",
                "/log",
                None,  # the catalog lists no storage key for Vimeo's player: it writes none
                _cookie("vuid", visitor, ".vimeo.localhost", 2 * _YEAR),
            )
        if path == "/log":
            return _pixel()
    if host == "sibforms.localhost" and path == "/forms/shown":
        return _pixel()
    if host == "www.linkedin.localhost" and path == "/li/track":
        return _pixel(
            _cookie("bcookie", visitor, ".linkedin.localhost", _YEAR),
            _cookie("lidc", visitor, ".linkedin.localhost", 86400),
        )
    if host == "x.localhost" and path == "/i/jot":
        return _pixel(_cookie("guest_id", visitor, ".x.localhost", 395 * 86400))
    if host in ("region1.google-analytics.localhost", "in-automate.sibautomation.localhost"):
        return _pixel()
    scripts = {
        ("www.googletagmanager.localhost", "/gtag/js"): "gtag.js",
        ("sibautomation.localhost", "/sa.js"): "sa.js",
        ("platform.linkedin.localhost", "/in.js"): "in.js",
        ("platform.twitter.localhost", "/widgets.js"): "widgets.js",
        ("chat.acme.localhost", "/widget.js"): "chat.js",
        ("sibforms.localhost", "/forms/embed.js"): "form.js",
    }
    name = scripts.get((host, path))
    if name:
        return package_file("standins", name)
    return PlainTextResponse("no such stand-in", status_code=404)
