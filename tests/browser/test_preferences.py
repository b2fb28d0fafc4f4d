"""The second layer: granular, off by default, saving untouched refuses (R17, R18, R21, R22)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Demo

pytestmark = pytest.mark.browser


def test_every_switch_is_off_and_necessary_is_on_and_disabled(visit: Any) -> None:
    v = visit()
    v.goto("/")
    for _ in range(2):  # the same after a reload with no choice
        v.action("customize").click()
        expect(v.prefs()).to_be_visible()
        boxes = v.prefs().locator("input[data-consentry-category], input[data-consentry-service]")
        assert boxes.count() > 0
        for box in boxes.all():
            expect(box).not_to_be_checked()
        necessary = v.prefs().get_by_role("checkbox", name="Nécessaires")
        expect(necessary).to_be_checked()
        expect(necessary).to_be_disabled()
        v.page.reload()


def test_saving_untouched_switches_records_a_refusal(visit: Any, demo: Demo) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").click()
    v.action("save").click()
    expect(v.prefs()).to_have_count(0)
    v.wait_records(1)
    record = v.records[0]
    assert record["mechanism"] == "custom"
    assert not any(record["purposes"].values())
    consent_services = [s.id for s in demo.declaration.services if s.consent_required]
    assert not any(record["services"][s] for s in consent_services)
    expect(v.page.get_by_role("status").filter(has_text="enregistrés")).to_have_count(1)


def test_one_purpose_switched_on_grants_only_that_purpose(visit: Any) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").click()
    v.page.locator('input[data-consentry-category="audience"]').check()
    v.action("save").click()
    v.wait_records(1)
    purposes = v.records[0]["purposes"]
    assert purposes == {"functional": False, "audience": True, "support": False, "social": False}
    assert v.records[0]["services"]["google-analytics"] is True
    assert v.records[0]["services"]["youtube"] is False


def test_one_control_per_purpose_and_toggling_one_changes_no_other_purpose(
    visit: Any, demo: Demo
) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").click()  # one click opens the panel
    purposes = v.prefs().locator("input[data-consentry-category]")
    assert purposes.count() == len(demo.declaration.consent_purposes)
    for target in demo.declaration.consent_purposes:
        before = purposes.evaluate_all("bs => bs.map(b => b.checked)")
        v.page.locator(f'input[data-consentry-category="{target}"]').click()
        after = purposes.evaluate_all("bs => bs.map(b => b.checked)")
        changed = [
            p
            for p, b, a in zip(demo.declaration.consent_purposes, before, after, strict=True)
            if b != a
        ]
        assert changed == [target]


@pytest.mark.parametrize("purpose", ["functional", "audience", "support", "social"])
def test_a_granted_purpose_releases_only_its_own_services(
    visit: Any, demo: Demo, purpose: str
) -> None:
    v = visit()
    v.goto("/")
    v.action("customize").click()
    v.page.locator(f'input[data-consentry-category="{purpose}"]').check()
    v.action("save").click()
    v.wait_records(1)
    v.requests.clear()
    v.goto("/cours/rgpd-essentiel")
    v.page.wait_for_load_state("networkidle")
    own = demo.hosts_of(lambda s: s.category == purpose and s.consent_required)
    others = demo.hosts_of(lambda s: s.category != purpose and s.consent_required)
    seen = {h for h in v.hosts() if h != "www.mastermi.localhost"}
    assert seen, "the granted purpose's services ran"
    assert all(any(h == o or h.endswith("." + o) for o in own) for h in seen), seen
    assert not seen & others
    allowed = {
        c.name
        for s in demo.declaration.services
        if s.category == purpose or not s.consent_required
        for c in s.cookies
    }
    for name in v.cookie_names() - {"cookie_consent"}:
        assert any(
            c.matches(name)
            for s in demo.declaration.services
            for c in s.cookies
            if c.name in allowed
        ), name
