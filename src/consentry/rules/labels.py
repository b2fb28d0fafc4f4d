"""Banner labels that say what they do (R15), and a close button that says it refuses (R10).

`[banner].labels.<lang>.<key>` overrides the banner's default strings. A label must be
understood without effort and never suggest the opposite on a quick read (CNIL-REC art. 2
§2.4): Facebook was fined for a refusal button labelled "Accepter les cookies" (SAN-2021-024).
The banner's own defaults are assumed to pass these rules; only overrides are checked here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from consentry.declaration import Declaration
from consentry.rules.rule import Found, rule

LABEL_KEYS: dict[str, str] = {
    "title": "heading of the banner",
    "description": "first-layer text before the purposes",
    "accept_all": 'accept-all button ("Tout accepter")',
    "reject_all": 'reject-all button ("Tout refuser"): must express refusal',
    "customize": 'button opening the second layer ("Personnaliser")',
    "save": 'second-layer save button ("Enregistrer mes choix"): must not suggest acceptance',
    "close": "accessible name of the × button (when close_button = true)",
    "close_notice": 'statement that closing refuses ("Fermer = refuser"), shown with ×',
    "manage": 'the reopen control ("Gérer mes cookies")',
    "policy_link": "link to the cookie policy",
    "partners_link": "link to the list of partners",
    "consequences": "what accepting and refusing change (R09)",
    "withdraw_notice": "how to withdraw consent later (R09)",
    "gpc_notice": "notice shown when Global Privacy Control refused for the visitor (R47)",
    "embed_notice": "text of an embed placeholder",
    "embed_activate": 'button of an embed placeholder ("Activer")',
    "saved": "confirmation announced after saving (R69)",
}
"""Every label a declaration may override, with what it names (docs/rules.md lists them)."""

NEUTRAL_KEYS = ("save", "customize", "close")
"""Controls that record no acceptance, so their label may not suggest one."""

_FLAGS = re.IGNORECASE
_NEGATED = re.compile(
    r"\b(sans|without)\s+(accepter|accepting|consentir|consenting|autoriser)\b"
    r"|\bn'\s*(accepte|consens|autorise)\w*\s+(pas|rien)\b"
    r"|\bne\s+(pas|rien)\s+(accepter|consentir|autoriser)\b"
    r"|\b(do|does)\s+not\s+(accept|consent|agree|allow)\b"
    r"|\bdon't\s+(accept|consent|agree|allow)\b",
    _FLAGS,
)
_ACCEPTANCE = re.compile(
    # The noun ("consentement", "manage consent") names the topic, not an act: only verbs.
    r"\b(j'\s*)?accept\w*|\bconsentir\b|\bje\s+consens\b|\bi\s+consent\b|^\W*consent\b"
    r"|\b(j'\s*)?autoris(er|e|ez)\b|\b(allow\w*|agree\w*|d'accord|ok|okay)\b",
    _FLAGS,
)
_REFUSAL = re.compile(
    r"refus\w*|rejet\w*|reject\w*|d[ée]clin\w*|declin\w*|interdi\w*|deny|denied"
    r"|\bsans\s+accepter\b|\bwithout\s+accepting\b|\bn'\s*accepte\s+(pas|rien)\b"
    r"|\bne\s+pas\s+consentir\b|\b(do\s+not|don't)\s+(accept|consent)\b",
    _FLAGS,
)
_STARTS_WITH_ACCEPT = re.compile(r"^\W*(tout\s+|all\s+)?(j'\s*)?accept", _FLAGS)
_SOURCE = "CNIL-REC art. 2 §2.4; SAN-2021-024"


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("ʼ", "'")


def suggests_acceptance(text: str) -> bool:
    """True when a label says accept, consent, allow or agree outside a negated phrase."""
    return _ACCEPTANCE.search(_NEGATED.sub(" ", _normalise(text))) is not None


def expresses_refusal(text: str) -> bool:
    """True when a label says refuse, reject, decline, or "continue without accepting"."""
    return _REFUSAL.search(_normalise(text)) is not None


def _labels(declaration: Declaration) -> Iterator[tuple[str, str, str]]:
    for lang, labels in declaration.banner.labels.items():
        for key, text in labels.items():
            yield lang, key, text


def _loc(lang: str, key: str) -> tuple[str, ...]:
    return ("banner", "labels", lang, key)


@rule("R15", "error", _SOURCE, "The reject-all label does not clearly express refusal")
def reject_label_unclear(declaration: Declaration) -> Iterator[Found]:
    for lang, key, text in _labels(declaration):
        if key != "reject_all" or not text:
            continue
        normal = _normalise(text)
        if _STARTS_WITH_ACCEPT.search(normal):
            problem = "starts with accepting"
        elif suggests_acceptance(normal):
            problem = "speaks of accepting outside a negation"
        elif not expresses_refusal(normal):
            problem = "does not say that it refuses"
        else:
            continue
        yield (
            _loc(lang, key),
            f'the reject-all label "{text}" {problem}',
            'write "Tout refuser" (fr) or "Reject all" (en), or another text that says it '
            'refuses, such as "Continuer sans accepter"',
        )


@rule(
    "R15",
    "error",
    _SOURCE,
    "The save, customize or close label suggests acceptance",
)
def neutral_label_suggests_acceptance(declaration: Declaration) -> Iterator[Found]:
    examples = {
        "save": '"Enregistrer mes choix" / "Save my choices"',
        "customize": '"Personnaliser" / "Customise"',
        "close": '"Fermer et refuser" / "Close and refuse"',
    }
    for lang, key, text in _labels(declaration):
        if key in NEUTRAL_KEYS and suggests_acceptance(text):
            yield (
                _loc(lang, key),
                f'the {key} label "{text}" suggests accepting, but this control grants nothing '
                "the visitor did not switch on",
                f"write {examples[key]}",
            )


@rule("R15", "error", _SOURCE, "The accept-all label suggests refusal")
def accept_label_suggests_refusal(declaration: Declaration) -> Iterator[Found]:
    for lang, key, text in _labels(declaration):
        if key == "accept_all" and expresses_refusal(text):
            yield (
                _loc(lang, key),
                f'the accept-all label "{text}" reads as a refusal',
                'write "Tout accepter" (fr) or "Accept all" (en)',
            )


@rule("R15", "error", "CNIL-REC art. 2 §2.4; WCAG 2.2 SC 4.1.2", "A label is empty")
def label_empty(declaration: Declaration) -> Iterator[Found]:
    for lang, key, text in _labels(declaration):
        if not text.strip():
            yield (
                _loc(lang, key),
                f"the {key} label is empty",
                "write the text, or remove the key to keep the banner's default",
            )


@rule("R15", "warning", "CNIL-REC art. 2 §2.4", "A label key is unknown (probably a typo)")
def label_key_unknown(declaration: Declaration) -> Iterator[Found]:
    known = list(LABEL_KEYS)
    for lang, key, _ in _labels(declaration):
        if key in LABEL_KEYS:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        yield (
            _loc(lang, key),
            f'unknown label "{key}": the banner never shows it',
            f'did you mean "{close[0]}"?' if close else "known labels: " + ", ".join(known),
        )


@rule(
    "R10",
    "error",
    "CNIL-REC art. 2 §2.4; SAN-2022-027",
    "The close button is enabled without a statement that closing refuses",
)
def close_without_refusal_statement(declaration: Declaration) -> Iterator[Found]:
    if not declaration.banner.close_button:
        return
    for lang in declaration.site.languages:
        labels = declaration.banner.labels.get(lang, {})
        if "close_notice" not in labels:
            continue  # the banner's default statement is shown
        if expresses_refusal(labels["close_notice"]):
            continue
        close = labels.get("close")
        if close is not None and expresses_refusal(close) and not suggests_acceptance(close):
            continue  # the × itself says it refuses ("Continuer sans accepter")
        yield (
            _loc(lang, "close_notice"),
            "close_button = true, but the banner does not say that closing means refusing",
            'write a close_notice such as "Fermer cette fenêtre revient à tout refuser" (fr) '
            'or "Closing this window refuses all" (en), or remove it to keep the default',
        )
