"""Jinja2: render a block only when the visitor allows a service or purpose.

    {% consent "youtube" %}
      <iframe src="https://www.youtube-nocookie.com/embed/…"></iframe>
    {% else %}
      <p>La vidéo s'affiche si vous acceptez YouTube.
         <a href="#" data-consentry-open>Gérer mes cookies</a></p>
    {% endconsent %}

`{% if consentry_allows("audience") %}` works too. Add both with `install(env)` (the Flask
adapter does it for you). The consent is found in the template context, in this order: a
`consent` variable, `request.state.consent` (Starlette), `request.consent` (Django), `g.consent`
(Flask).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, nodes, pass_context
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.runtime import Context

from consentry.errors import ConsentryError
from consentry.integrations.consent import Consent

GLOBAL_NAME = "consentry_allows"


@pass_context
def consentry_allows(context: Context, target: str) -> bool:
    """True when the visitor of the page being rendered allows `target` (a service or purpose)."""
    return find_consent(context).allows(target)


def find_consent(context: Context) -> Consent:
    """The visitor's consent in a template context; `ConsentryError` when none is there."""
    candidates: list[Any] = [context.get("consent")]
    request = context.get("request")
    if request is not None:
        candidates += [getattr(getattr(request, "state", None), "consent", None)]
        candidates += [getattr(request, "consent", None)]
    flask_g = context.get("g")
    if flask_g is not None:
        candidates.append(getattr(flask_g, "consent", None))
    for candidate in candidates:
        if isinstance(candidate, Consent):
            return candidate
    raise ConsentryError(
        f"template {context.name!r} asks for consent but its context holds none: pass "
        "consent=… to the template, or add Consentry's middleware (request.state.consent, "
        "request.consent, g.consent)"
    )


class ConsentExtension(Extension):
    """`{% consent "id" %}…{% else %}…{% endconsent %}`: the block only with consent."""

    tags = {"consent"}  # noqa: RUF012  # the attribute Jinja2 reads

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.setdefault(GLOBAL_NAME, consentry_allows)  # what the tag calls

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        target = parser.parse_expression()
        body = parser.parse_statements(("name:else", "name:endconsent"))
        otherwise: list[nodes.Node] = []
        if next(parser.stream).test("name:else"):
            otherwise = parser.parse_statements(("name:endconsent",), drop_needle=True)
        test = nodes.Call(nodes.Name(GLOBAL_NAME, "load"), [target], [], None, None)
        return nodes.If(test, body, [], otherwise, lineno=lineno)


def install(env: Environment) -> Environment:
    """Add the `{% consent %}` tag and the `consentry_allows()` function to an environment."""
    env.add_extension(ConsentExtension)
    return env
