"""Files shipped in the demo package: the site's assets and the stand-ins' scripts."""

from __future__ import annotations

from importlib.resources import files

from starlette.responses import PlainTextResponse, Response

_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def package_file(folder: str, name: str) -> Response:
    """`demo/<folder>/<name>` with its content type, or 404."""
    resource = files("consentry.demo") / folder / name
    suffix = name[name.rfind(".") :]
    if "/" in name or suffix not in _TYPES or not resource.is_file():
        return PlainTextResponse("not found", status_code=404)
    return Response(resource.read_bytes(), media_type=_TYPES[suffix])
