"""Every problem can be placed at its line and column in the TOML text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from consentry.declaration import format_loc, locate

TEXT = """\
# comment with = sign and [brackets]
[site]
name = "A # not a comment"
url = "https://x.test"

[[services]]
use = "youtube"

[[services]]
id = "acme"
purpose = { fr = "Texte", en = "Text" }
  [[services.cookies]]
  name = "a"
  [[services.cookies]]
  name = "b"
  lifetime = "30 days"

[categories.extra]
title = { fr = "T", en = "T" }

[banner.labels.fr]
reject_all = "Tout refuser"
"""


def test_keys_in_tables_and_arrays_of_tables() -> None:
    assert locate(TEXT, ("site", "name")) == (3, 1)
    assert locate(TEXT, ("services", 0, "use")) == (7, 1)
    assert locate(TEXT, ("services", 1, "id")) == (10, 1)
    assert locate(TEXT, ("services", 1, "cookies", 1, "lifetime")) == (16, 3)
    assert locate(TEXT, ("categories", "extra", "title")) == (19, 1)
    assert locate(TEXT, ("banner", "labels", "fr", "reject_all")) == (22, 1)


def test_keys_inside_inline_tables_point_at_the_key() -> None:
    assert locate(TEXT, ("services", 1, "purpose", "en")) == (11, 27)


def test_a_missing_key_points_at_its_table() -> None:
    assert locate(TEXT, ("services", 1, "cookies", 0, "lifetime")) == (12, 3)
    assert locate(TEXT, ("nowhere",)) is None


def test_format_loc_reads_like_the_toml() -> None:
    assert format_loc(("services", 2, "cookies", 0, "name")) == "services[2].cookies[0].name"
    assert format_loc(("categories", "my purpose")) == 'categories."my purpose"'


@given(
    st.text(max_size=200), st.lists(st.one_of(st.text(max_size=5), st.integers(0, 3)), max_size=4)
)
def test_locate_never_fails_on_any_text(text: str, loc: list[str | int]) -> None:
    position = locate(text, tuple(loc))
    if position is not None:
        line, column = position
        assert 1 <= line <= max(1, len(text.splitlines()))
        assert column >= 1
