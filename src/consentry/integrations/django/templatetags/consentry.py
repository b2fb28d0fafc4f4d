"""`{% load consentry %}`: `{% consent "youtube" %}…{% else %}…{% endconsent %}`.

The block renders only when the visitor allows the service or purpose; the `else` part (a
placeholder, a link with `data-consentry-open`) otherwise. `{{ request.consent|allows:"audience" }}`
is the same test as a filter. The consent comes from a `consent` context variable or from
`request.consent` (the `request` context processor, on by default).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured

from consentry.integrations.consent import Consent

register = template.Library()


def do_consent(parser: Any, token: Any) -> ConsentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes one argument, a service or purpose id, such as "
            '{% consent "youtube" %}'
        )
    target = parser.compile_filter(bits[1])
    body = parser.parse(("else", "endconsent"))
    otherwise = template.NodeList()
    if parser.next_token().contents == "else":
        otherwise = parser.parse(("endconsent",))
        parser.delete_first_token()
    return ConsentNode(target, body, otherwise)


class ConsentNode(template.Node):  # type: ignore[misc]  # Django ships no type information
    def __init__(self, target: Any, body: Any, otherwise: Any) -> None:
        self.target = target
        self.body = body
        self.otherwise = otherwise

    def render(self, context: Any) -> str:
        consent = find_consent(context)
        chosen = self.body if consent.allows(str(self.target.resolve(context))) else self.otherwise
        return str(chosen.render(context))


def allows(consent: Any, target: str) -> bool:
    """`{{ request.consent|allows:"audience" }}`."""
    if not isinstance(consent, Consent):
        raise ImproperlyConfigured("the allows filter applies to a Consent (request.consent)")
    return consent.allows(target)


register.tag("consent", do_consent)
register.filter("allows", allows)


def find_consent(context: Any) -> Consent:
    """The visitor's consent in a template context (`consent`, else `request.consent`)."""
    consent = context.get("consent")
    if not isinstance(consent, Consent):
        consent = getattr(context.get("request"), "consent", None)
    if not isinstance(consent, Consent):
        raise ImproperlyConfigured(
            "{% consent %} found no visitor consent: add "
            "consentry.integrations.django.ConsentMiddleware to MIDDLEWARE and the request "
            "context processor, or pass consent=… to the template"
        )
    return consent
