"""An empty declaration for scanning a site that has none (yet): everything is "undeclared".

Useful for a first inventory of a site before writing its consentry.toml, or to audit a site
one does not run. Only the site's URL is known; no service, so no tracker is declared.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from consentry.declaration import Declaration, parse_declaration


def blind_declaration(url: str, today: date | None = None) -> Declaration:
    """A declaration naming only the site at `url` (its origin), with no service."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    when = (today or date.today()).isoformat()
    text = (
        "[site]\n"
        f'name = "{parts.hostname}"\n'
        f'url = "{origin}"\n'
        f"policy_updated = {when}\n"
        "[controller]\n"
        'name = "(unknown)"\n'
        'email = "unknown@example.invalid"\n'
    )
    return parse_declaration(text, f"(no declaration: {parts.hostname})")
