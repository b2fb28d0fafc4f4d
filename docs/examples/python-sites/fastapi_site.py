"""A FastAPI site whose cookies follow the visitor's choice (docs/python-sites.md)."""

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from consentry.integrations import Consent
from consentry.integrations.asgi import ConsentMiddleware, get_consent
from consentry.integrations.jinja import install

app = FastAPI()
app.add_middleware(ConsentMiddleware, declaration="consentry.toml")

templates = Jinja2Templates(directory="templates")
install(templates.env)  # {% consent "youtube" %}…{% else %}…{% endconsent %}


@app.get("/", response_class=HTMLResponse)
def home(request: Request, consent: Consent = Depends(get_consent)) -> HTMLResponse:
    response = templates.TemplateResponse(request, "home.html")
    # Set it whatever the choice: without audience consent the middleware withholds it.
    response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)
    if consent.allows("google-analytics"):
        pass  # e.g. send a server-side measurement event
    return response
