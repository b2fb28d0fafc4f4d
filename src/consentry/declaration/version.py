"""The policy version: a stable hash of the *material* parts of a declaration only.

What a visitor consents to is who (the controller, the providers), to what (the purposes in use
and their descriptions), and what is written on their device (cookies, lifetimes, hosts).
Changing any of these asks every visitor again (R27); fixing a typo in a cookie's explanation,
a label, the contact e-mail or the site name does not.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from consentry.declaration.models import Declaration


def material_parts(declaration: Declaration) -> dict[str, Any]:
    """The canonical data the version is a hash of (exposed so tests and archives can show it)."""
    in_use = set(declaration.purposes_in_use)
    return {
        "controller": _norm(declaration.controller.name),
        "purposes": {
            key: {lang: _norm(text) for lang, text in sorted(category.description.items())}
            for key, category in declaration.categories.items()
            if key in in_use
        },
        "services": [
            {
                "id": service.id,
                "provider": _norm(service.provider),
                "purpose": service.category,
                "hosts": sorted(service.hosts),
                "exempt": service.exempt,
                "legal_basis": service.legal_basis,
                "transfers": sorted(f"{t.country}:{t.safeguard}" for t in service.transfers),
                "cookies": sorted(
                    [
                        cookie.name,
                        cookie.type,
                        str(cookie.lifetime),
                        cookie.party,
                        cookie.domain or "",
                        cookie.exempt or "",
                        cookie.legal_basis or "",
                    ]
                    for cookie in service.cookies
                ),
            }
            for service in sorted(declaration.services, key=lambda s: s.id)
        ],
    }


def policy_version(declaration: Declaration) -> str:
    """12 hex digits of SHA-256 over `material_parts`; equal declarations give equal versions."""
    canonical = json.dumps(
        material_parts(declaration), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _norm(text: str) -> str:
    return " ".join(text.split())
