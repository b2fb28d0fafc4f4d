"""The cookie-policy page, rendered from the declaration (filled in by the policy work)."""

from __future__ import annotations

from typing import Literal

from consentry.declaration import Declaration


def render_policy(declaration: Declaration, lang: str, fmt: Literal["html", "markdown"]) -> str:
    """The policy page in `lang`, as HTML or Markdown."""
    raise NotImplementedError("the policy page is being written")


__all__ = ["render_policy"]
