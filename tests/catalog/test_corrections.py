"""corrections.toml: every change is checked, explained, and still aimed at a real OCD row."""

from __future__ import annotations

from typing import Any

import pytest

from consentry.catalog.corrections import corrections, parse_corrections
from consentry.catalog.ocd import ocd_rows
from consentry.declaration import parse_duration
from consentry.errors import CatalogError


def test_every_fix_names_a_row_of_the_open_cookie_database() -> None:
    rows = {(row.name, row.platform) for row in ocd_rows()}
    names = {name for name, _ in rows}
    for fix in corrections().fixes:
        if fix.platform is None:
            assert fix.name in names, f"{fix.name}: no such OCD row (renamed upstream?)"
        else:
            assert (fix.name, fix.platform) in rows, f"{fix.name} / {fix.platform}: no such row"


def test_every_fix_lifetime_is_a_declaration_duration_and_has_a_reason() -> None:
    for fix in corrections().fixes:
        if fix.lifetime is not None:
            parse_duration(fix.lifetime)
        assert len(fix.reason) > 20


def test_every_mapped_platform_exists_in_the_open_cookie_database() -> None:
    platforms = {row.platform for row in ocd_rows()}
    assert set(corrections().platforms) <= platforms


def test_a_platform_specific_fix_wins_over_a_general_one() -> None:
    parsed = parse_corrections(
        {
            "fix": [
                {"name": "a", "lifetime": "1 day", "reason": "general fix for every platform"},
                {"name": "a", "platform": "P", "lifetime": "2 days", "reason": "only platform P"},
            ]
        }
    )
    assert parsed.fix_for("a", "P").lifetime == "2 days"  # type: ignore[union-attr]
    assert parsed.fix_for("a", "Q").lifetime == "1 day"  # type: ignore[union-attr]
    assert parsed.fix_for("b", "P") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fixes": []}, "unknown key 'fixes'"),
        ({"fix": [{"name": "vuid", "lifetime": "2 years"}]}, "fix[0] (vuid): say why"),
        ({"fix": [{"name": "vuid", "lifetime": "two years", "reason": "r"}]}, "is not like"),
        ({"fix": [{"name": "vuid", "category": "Marketing", "reason": "r"}]}, "category"),
        ({"fix": [{"name": "vuid", "reason": "nothing to change"}]}, "give a lifetime"),
        ({"fix": [{"name": "vuid", "lifetme": "2 years", "reason": "r"}]}, "unknown key 'lifetme'"),
        ({"trackers": {"always": "_ga"}}, "trackers.always must be a list"),
        ({"generic": {"max_length": -1}}, "max_length"),
        ({"platforms": {"Youtube": 1}}, "platforms.Youtube"),
    ],
)
def test_a_bad_edit_is_a_clear_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(CatalogError, match=r"corrections\.toml") as caught:
        parse_corrections(data)
    assert message in str(caught.value)
