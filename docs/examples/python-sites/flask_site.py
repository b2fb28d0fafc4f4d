"""A Flask site whose cookies follow the visitor's choice (docs/python-sites.md)."""

from flask import Flask, g, make_response, render_template

from consentry.integrations.flask import Consentry

app = Flask(__name__)
app.config["CONSENTRY_DECLARATION"] = "consentry.toml"
Consentry(app)  # g.consent, cookies withheld, {% consent %} in templates


@app.get("/")
def home():  # type: ignore[no-untyped-def]
    response = make_response(render_template("home.html"))
    response.set_cookie("_ga", "GA1.1.123.456", max_age=63072000)  # withheld without consent
    if g.consent.allows("audience"):
        pass
    return response
