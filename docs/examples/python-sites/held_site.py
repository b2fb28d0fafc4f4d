"""A Starlette site whose pages leave with their third-party tags held (docs/python-sites.md)."""

from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.routing import Route

from consentry.integrations.asgi import ConsentMiddleware

PAGE = """<!doctype html>
<html lang="fr">
<head>
  <script src="https://consent.example.com/consentry.js?auto_block=1"></script>
  <script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
  <title>Cours</title>
</head>
<body>
  <img src="https://www.google-analytics.com/collect?v=2&amp;tid=G-XXXX" alt="" width="1">
</body>
</html>"""


async def course(request):  # type: ignore[no-untyped-def]
    return HTMLResponse(PAGE)  # written as usual: the middleware holds what needs consent


app = Starlette(routes=[Route("/cours", course)])
app.add_middleware(ConsentMiddleware, declaration="consentry.toml", hold_markup=True)
app.add_middleware(GZipMiddleware)  # added after: outside, it compresses the held page
