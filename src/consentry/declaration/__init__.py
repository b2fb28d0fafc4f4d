"""The declaration: what a site promises about its purposes, services and cookies.

Load it with `load_declaration(path)`; every other package works from the `Declaration` it
returns. Problems come back located at file, line and field (`DeclarationError.problems`).
"""

from consentry.declaration.durations import (
    Duration,
    DurationError,
    add_months,
    add_months_to_date,
    parse_duration,
)
from consentry.declaration.issues import Issue, to_problems
from consentry.declaration.loader import builtin_categories, load_declaration, parse_declaration
from consentry.declaration.locate import format_loc, locate
from consentry.declaration.models import (
    AUDIENCE_MEASUREMENT,
    NECESSARY,
    SUPPORTED_LANGUAGES,
    Banner,
    Category,
    Controller,
    Cookie,
    Declaration,
    ExemptionGround,
    Language,
    LegalBasis,
    Mechanism,
    Server,
    Service,
    Site,
    Transfer,
)
from consentry.declaration.version import material_parts, policy_version

__all__ = [
    "AUDIENCE_MEASUREMENT",
    "NECESSARY",
    "SUPPORTED_LANGUAGES",
    "Banner",
    "Category",
    "Controller",
    "Cookie",
    "Declaration",
    "Duration",
    "DurationError",
    "ExemptionGround",
    "Issue",
    "Language",
    "LegalBasis",
    "Mechanism",
    "Server",
    "Service",
    "Site",
    "Transfer",
    "add_months",
    "add_months_to_date",
    "builtin_categories",
    "format_loc",
    "load_declaration",
    "locate",
    "material_parts",
    "parse_declaration",
    "parse_duration",
    "policy_version",
    "to_problems",
]
