"""The scanner: drive Chromium through a site's consent scenarios and prove what it does."""

from consentry.scanner.checks import check_scan, cname_candidates
from consentry.scanner.classify import Classification, classify_item, classify_request
from consentry.scanner.findings import Evidence, Finding, at_or_above, rulebook, sort_findings
from consentry.scanner.knowledge import Knowledge, default_knowledge
from consentry.scanner.observations import (
    BannerSeen,
    ButtonBox,
    RequestSeen,
    ScenarioRun,
    SiteScan,
    StoredItem,
    Write,
    scan_from_dict,
)

__all__ = [
    "BannerSeen",
    "ButtonBox",
    "Classification",
    "Evidence",
    "Finding",
    "Knowledge",
    "RequestSeen",
    "ScenarioRun",
    "SiteScan",
    "StoredItem",
    "Write",
    "at_or_above",
    "check_scan",
    "classify_item",
    "classify_request",
    "cname_candidates",
    "default_knowledge",
    "rulebook",
    "scan_from_dict",
    "sort_findings",
]
