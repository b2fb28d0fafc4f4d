"""Fixtures of the integration tests: the site declaration and its choice cookies."""

from __future__ import annotations

import pytest

from consentry.declaration import Declaration
from tests.integrations.choices import SITE, ChoiceCookie, choice_cookie_for


@pytest.fixture(scope="session")
def site() -> Declaration:
    """A site with an exempt Matomo, YouTube, Google Analytics and a necessary session cookie."""
    return SITE


@pytest.fixture
def choice_cookie(site: Declaration) -> ChoiceCookie:
    """`choice_cookie(audience=True, google_analytics=True)`: the cookie value of that choice."""
    return choice_cookie_for(site)
