"""Checks that need the whole declaration: references between parts, and translations."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from consentry.declaration.issues import Issue
from consentry.declaration.models import Declaration


def check_references(declaration: Declaration) -> list[Issue]:
    """Unknown purposes, duplicate ids and missing translations, as errors."""
    issues: list[Issue] = []
    languages = declaration.site.languages
    categories = list(declaration.categories)

    seen: dict[str, int] = {}
    for index, service in enumerate(declaration.services):
        if service.id in seen:
            issues.append(
                Issue(
                    ("services", index, "id"),
                    f'service "{service.id}" is declared twice',
                    f"it is already services[{seen[service.id]}]",
                )
            )
        seen.setdefault(service.id, index)
        if service.category not in declaration.categories:
            close = difflib.get_close_matches(service.category, categories, n=1, cutoff=0.6)
            issues.append(
                Issue(
                    ("services", index, "category"),
                    f'unknown purpose "{service.category}"',
                    f'did you mean "{close[0]}"?'
                    if close
                    else "known purposes: "
                    + ", ".join(categories)
                    + "; or add a [categories.ID] table",
                )
            )
        for field in ("description", "justification"):
            text = getattr(service, field)
            if text is not None:
                issues += _missing(text, languages, ("services", index, field))
        names: set[tuple[str, str]] = set()
        for j, cookie in enumerate(service.cookies):
            issues += _missing(
                cookie.purpose, languages, ("services", index, "cookies", j, "purpose")
            )
            if (cookie.name, cookie.type) in names:
                issues.append(
                    Issue(
                        ("services", index, "cookies", j, "name"),
                        f'{cookie.type} "{cookie.name}" is listed twice',
                    )
                )
            names.add((cookie.name, cookie.type))

    for key, category in declaration.categories.items():
        issues += _missing(category.title, languages, ("categories", key, "title"))
        issues += _missing(category.description, languages, ("categories", key, "description"))
    return issues


def _missing(
    text: dict[str, str], languages: Sequence[str], loc: tuple[str | int, ...]
) -> list[Issue]:
    return [
        Issue(loc, f"no {lang} text", f"the site's languages are {', '.join(languages)}")
        for lang in languages
        if lang not in text
    ]
