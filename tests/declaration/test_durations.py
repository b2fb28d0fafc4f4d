"""Durations as people write them, compared in calendar months."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry.declaration import Duration, DurationError, add_months, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("session", Duration(0, "session")),
        ("Session", Duration(0, "session")),
        ("persistent", Duration(0, "persistent")),
        ("30 days", Duration(30, "days")),
        ("1 day", Duration(1, "days")),
        ("13 months", Duration(13, "months")),
        ("13 mois", Duration(13, "months")),
        ("2 ans", Duration(2, "years")),
        ("24h", Duration(24, "hours")),
        ("30 minutes", Duration(30, "minutes")),
    ],
)
def test_reads_durations_as_people_write_them(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "forever", "13", "0 days", "-1 days", "thirty days", "5 eons"]
)
def test_rejects_what_is_not_a_duration_with_a_reason(text: str) -> None:
    with pytest.raises(DurationError, match=r"."):
        parse_duration(text)


def test_months_compare_as_calendar_months() -> None:
    assert parse_duration("2 years").exceeds(parse_duration("13 months"))
    assert not parse_duration("13 months").exceeds(parse_duration("13 months"))
    assert not parse_duration("1 year").exceeds(parse_duration("13 months"))
    assert parse_duration("396 days").exceeds(parse_duration("13 months"))
    assert not parse_duration("395 days").exceeds(parse_duration("13 months"))
    assert parse_duration("persistent").exceeds(parse_duration("13 months"))
    assert not parse_duration("session").exceeds(parse_duration("1 minute"))


def test_adding_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 8, 31), 6) == datetime(2027, 2, 28)
    assert parse_duration("6 months").after(datetime(2026, 3, 15, 12)) == datetime(2026, 9, 15, 12)


def test_a_session_has_no_end_date() -> None:
    with pytest.raises(DurationError):
        parse_duration("session").after(datetime(2026, 1, 1))


@given(
    st.integers(min_value=1, max_value=10_000),
    st.sampled_from(["minutes", "hours", "days", "weeks", "months", "years"]),
)
def test_written_form_reads_back(amount: int, unit: str) -> None:
    duration = parse_duration(f"{amount} {unit}")
    assert parse_duration(str(duration)) == duration


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_duration_error(text: str) -> None:
    """Nothing but DurationError escapes, and what parses writes back to itself."""
    try:
        duration = parse_duration(text)
    except DurationError:
        return
    assert parse_duration(str(duration)) == duration
