"""Global Privacy Control: refused without asking, said so, overridable by an explicit act (R47)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_gpc_refuses_without_a_banner_and_says_so(visit: Any) -> None:
    v = visit(gpc=True)
    v.goto("/cours/rgpd-essentiel")
    notice = v.page.get_by_role("status").filter(has_text="Global Privacy Control")
    expect(notice).to_be_visible()
    expect(v.banner()).to_have_count(0)
    v.wait_records(1)
    assert v.records[0]["mechanism"] == "gpc" and v.records[0]["gpc"] is True
    assert not any(v.records[0]["purposes"].values())
    v.page.wait_for_load_state("networkidle")
    assert v.hosts() <= {"www.mastermi.localhost"}
    ads = ("ad_storage", "ad_user_data", "ad_personalization")
    for push in v.pushes():
        if push[0] == "consent":
            assert all(push[2][k] == "denied" for k in ads)
    # Only an explicit act on a clearly labelled control grants anything.
    notice.get_by_role("button", name="Personnaliser").click()
    v.action("accept-all").click()
    v.wait_records(2)
    assert v.records[1]["mechanism"] == "accept_all" and v.records[1]["gpc"] is True


def test_without_gpc_the_banner_asks(visit: Any) -> None:
    v = visit()
    v.goto("/")
    expect(v.banner()).to_be_visible()
    expect(v.page.get_by_role("status").filter(has_text="Global Privacy Control")).to_have_count(0)
