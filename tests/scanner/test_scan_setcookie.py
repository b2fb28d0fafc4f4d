"""Reading raw cookie lines: the requested lifetime, not the browser's 400-day cap."""

from __future__ import annotations

from consentry.scanner.setcookie import parse_cookie_line

NOW = 1_790_000_000.0


def test_max_age_gives_the_requested_lifetime_even_beyond_400_days() -> None:
    parsed = parse_cookie_line("_ga=GA1.1.1; Max-Age=63072000; Path=/", "www.site.test", NOW)
    assert parsed is not None
    assert (parsed.name, parsed.domain, parsed.requested_seconds) == (
        "_ga",
        "www.site.test",
        63072000.0,
    )
    assert not parsed.deleted


def test_expires_is_measured_from_the_time_of_the_write() -> None:
    line = "id=1; expires=Wed, 21 Oct 2026 07:28:20 GMT; domain=.tracker.test"
    parsed = parse_cookie_line(line, "ads.tracker.test", NOW)
    assert parsed is not None and parsed.domain == "tracker.test"
    assert parsed.requested_seconds == 1792567700.0 - NOW


def test_max_age_wins_over_expires_and_zero_deletes() -> None:
    parsed = parse_cookie_line(
        "a=; Max-Age=0; Expires=Wed, 21 Oct 2099 07:28:20 GMT", "h.test", NOW
    )
    assert parsed is not None and parsed.deleted


def test_a_session_cookie_has_no_lifetime_and_partitioned_is_kept() -> None:
    parsed = parse_cookie_line("sid=1; Secure; Partitioned", "h.test", NOW)
    assert parsed is not None
    assert parsed.requested_seconds is None and parsed.partitioned


def test_garbage_is_ignored_not_raised() -> None:
    assert parse_cookie_line("no equals sign", "h.test", NOW) is None
    assert parse_cookie_line("=value", "h.test", NOW) is None
    parsed = parse_cookie_line("a=1; Max-Age=soon; Expires=someday", "h.test", NOW)
    assert parsed is not None and parsed.requested_seconds is None
