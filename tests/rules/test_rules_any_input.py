"""Whatever a declaration holds, the loader and the rules answer with problems, never a crash.

Three kinds of input: arbitrary bytes; the reference declaration with bytes changed (which
mostly stays TOML, so it reaches validation); and the minimal declaration with one value
replaced by anything TOML can hold (which mostly validates, so it reaches the rules).
"""

from __future__ import annotations

import json
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from consentry.declaration import parse_declaration
from consentry.errors import DeclarationError
from consentry.rules import check_declaration, check_file
from tests.catalog_double import force_catalog_double
from tests.factories import minimal_data

REFERENCE = (
    Path(__file__).parent.parent.parent / "examples" / "mastermi-learning" / "consentry.toml"
)
REFERENCE_BYTES = REFERENCE.read_bytes()
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    force_catalog_double(monkeypatch)


def _load_or_refuse(data: bytes) -> None:
    """Either a declaration whose rules all run, or a DeclarationError with located problems."""
    try:
        declaration = parse_declaration(data, "fuzz.toml")
    except DeclarationError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "fuzz.toml"
            assert problem.message
            assert problem.line is None or problem.line >= 1
        return
    for issue in check_declaration(declaration):
        assert issue.rule and issue.message and issue.hint and issue.source


@SETTINGS
@given(st.binary(max_size=2000))
@example(b"\xff\xfe")
@example(b'[site]\nname = "x\n')
@example(b"a = " + b"[" * 2000)
@example(b"")
def test_any_bytes(data: bytes) -> None:
    _load_or_refuse(data)


@st.composite
def edited_reference(draw: st.DrawFn) -> bytes:
    """The reference declaration with a few bytes replaced, inserted or deleted."""
    data = bytearray(REFERENCE_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([*b'"=[]{},.#\n \\*0a\xc3\xa9', draw(st.integers(0, 255))]))
        if kind == "insert" or at == len(data):
            data[at:at] = bytes([byte])
        elif kind == "replace":
            data[at] = byte
        else:
            del data[at]
    return bytes(data)


@SETTINGS
@given(edited_reference())
def test_edited_reference(data: bytes) -> None:
    _load_or_refuse(data)


_DURATION = st.sampled_from(
    [
        "session",
        "persistent",
        "30 minutes",
        "183 days",
        "6 months",
        "13 months",
        "14 months",
        "25 months",
        "26 months",
        "5 years",
        "66 months",
        "67 months",
        "2 years",
    ]
)
_HOST = st.sampled_from(
    [
        "stats.site.test",
        "site.test",
        "*.site.test",
        "collect.other.test",
        "www.google-analytics.com",
    ]
)
_LABEL = st.sampled_from(
    [
        "Tout refuser",
        "Tout accepter",
        "Accepter les cookies",
        "Continuer sans accepter",
        "Je n'accepte pas",
        "Enregistrer mes choix",
        "Fermer",
        "Fermer = refuser",
        "OK",
        "",
    ]
)
_COOKIE = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["_ga", "_pk_id.*", "_gcl_au", "sid", "*", "x_*"]),
        "lifetime": _DURATION,
        "purpose": st.just({"fr": "Texte", "en": "Text"}),
    },
    optional={
        "party": st.sampled_from(["first", "third"]),
        "domain": _HOST,
        "exempt": st.sampled_from(["session", "audience-measurement", "consent-choice"]),
        "legal_basis": st.sampled_from(["consent", "exemption", "legitimate_interest"]),
        "type": st.sampled_from(["cookie", "localStorage"]),
    },
)
_PLAUSIBLE: dict[tuple[str | int, ...], st.SearchStrategy[Any]] = {
    ("site", "url"): st.sampled_from(["https://www.site.test", "http://localhost:8000"]),
    ("site", "languages"): st.sampled_from([["fr"], ["en"], ["en", "fr"]]),
    ("site", "consent_lifetime"): _DURATION,
    ("site", "first_party_domains"): st.lists(_HOST, max_size=2),
    ("ledger", "retention"): _DURATION,
    ("services", 0, "exempt"): st.sampled_from(["audience-measurement", "session", "cart"]),
    ("services", 0, "hosts"): st.lists(_HOST, max_size=3),
    ("services", 0, "ip_truncation"): st.integers(0, 4),
    ("services", 0, "data_retention"): _DURATION,
    ("services", 0, "integrations"): st.lists(
        st.sampled_from(["google-ads", "heatmap", "data-export", "cross-site"]), max_size=2
    ),
    ("services", 0, "user_id"): st.booleans(),
    ("services", 0, "category"): st.sampled_from(["audience", "necessary", "functional"]),
    ("services", 0, "legal_basis"): st.sampled_from(["consent", "exemption", "contract"]),
    ("services", 0, "justification"): st.just({"fr": "Parce que", "en": "Because"}),
    ("services", 0, "cookies"): st.lists(_COOKIE, max_size=3),
    ("services", 1, "use"): st.sampled_from(["youtube", "google-analytics", "vimeo", "x"]),
    ("services", 1, "exempt"): st.sampled_from(["audience-measurement", "session"]),
    ("banner", "close_button"): st.booleans(),
    ("banner", "labels"): st.dictionaries(
        st.sampled_from(["fr", "en"]),
        st.dictionaries(
            st.sampled_from(["reject_all", "accept_all", "save", "close", "close_notice", "rejct"]),
            _LABEL,
            max_size=3,
        ),
        max_size=2,
    ),
    ("categories",): st.just(
        {
            "newsletter": {
                "title": {"fr": "Lettre", "en": "Letter"},
                "description": {"fr": "Lettre", "en": "Letter"},
            }
        }
    ),
}
_TEXT = st.text(alphabet=string.printable + "éàç’×", max_size=30)
_WORDS = st.sampled_from(
    ["6 months", "persistent", "audience-measurement", "necessary", "legitimate_interest", ""]
)
_SCALAR = st.one_of(
    _WORDS, _TEXT, st.integers(-5, 30), st.booleans(), st.dates(min_value=date(1, 1, 1))
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["fr", "en", "reject_all", "save", "name", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)


_CHANGE = st.sampled_from(sorted(_PLAUSIBLE, key=str)).flatmap(
    # two plausible values for one arbitrary one, so most declarations reach the rules
    lambda path: st.tuples(st.just(path), st.one_of(_PLAUSIBLE[path], _PLAUSIBLE[path], _VALUE))
)


def _inline(value: Any) -> str:
    """Any TOML value written inline (TOML 1.0 allows mixed arrays and nested inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_inline(v)}" for k, v in value.items()) + "}"


def _toml(data: dict[str, Any]) -> str:
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    lines = [f"{json.dumps(k)} = {_inline(v)}" for k, v in data.items() if k not in tables]
    for key, table in tables.items():
        lines.append(f"[{json.dumps(key)}]")
        lines += [f"{json.dumps(k)} = {_inline(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _put(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part] if isinstance(part, int) else target.setdefault(part, {})
    target[path[-1]] = value


@SETTINGS
@given(st.lists(_CHANGE, min_size=1, max_size=4))
def test_minimal_declaration_with_any_values(
    tmp_path: Path, changes: list[tuple[tuple[str | int, ...], Any]]
) -> None:
    data = minimal_data()
    for path, value in changes:
        _put(data, path, value)
    file = tmp_path / "consentry.toml"
    file.write_text(_toml(data), encoding="utf-8")
    declaration, problems = check_file(file)
    if declaration is None:
        assert any(p.severity == "error" for p in problems)
    for problem in problems:
        assert problem.file == str(file)
        assert problem.message
